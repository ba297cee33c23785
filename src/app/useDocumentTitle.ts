import { useEffect } from 'react';

/** Each page names itself: "<Page> · Coldstart". */
export function useDocumentTitle(title: string, enabled = true): void {
  useEffect(() => {
    if (enabled) document.title = title;
  }, [title, enabled]);
}
