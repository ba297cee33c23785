import { useEffect, useState } from 'react';
import { nextFrame } from '../../platform/animationFrame';
import type { AwsAccount } from '../../sim/aws/account';

/**
 * A number that changes after the account changes, at most once a frame: panels read the account's models
 * directly during render and use this only to know when to read again. A burst of 10,000 PutItems is one render.
 */
export function useAccountVersion(account: AwsAccount): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let cancel: (() => void) | null = null;
    const off = account.subscribe(() => {
      if (cancel) return;
      cancel = nextFrame(() => {
        cancel = null;
        setVersion((value) => value + 1);
      });
    });
    return () => {
      off();
      cancel?.();
    };
  }, [account]);
  return version;
}
