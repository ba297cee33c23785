/**
 * Function names as the Lambda API accepts them (Invoke's FunctionName): a name (`my-function`), a name with a
 * qualifier (`my-function:live`), a partial ARN (`123456789012:function:my-function`) or a full ARN, with or
 * without a qualifier. An explicit `Qualifier` parameter must agree with one in the name.
 */
export interface FunctionTarget {
  name: string;
  qualifier?: string;
}

const FULL_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/;
const PARTIAL_ARN = /^(\d{12}):function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/;
const NAME = /^([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/;

/** The function and qualifier a FunctionName names in this account and Region, or null. */
export function parseFunctionName(
  value: string,
  account: { region: string; accountId: string },
): FunctionTarget | null {
  const full = FULL_ARN.exec(value);
  if (full) {
    if (full[1] !== account.region || full[2] !== account.accountId) return null;
    return withQualifier(full[3]!, full[4]);
  }
  const partial = PARTIAL_ARN.exec(value);
  if (partial) {
    if (partial[1] !== account.accountId) return null;
    return withQualifier(partial[2]!, partial[3]);
  }
  const plain = NAME.exec(value);
  return plain ? withQualifier(plain[1]!, plain[2]) : null;
}

function withQualifier(name: string, qualifier: string | undefined): FunctionTarget {
  return qualifier === undefined ? { name } : { name, qualifier };
}

export function functionArn(account: { region: string; accountId: string }, target: FunctionTarget): string {
  const base = `arn:aws:lambda:${account.region}:${account.accountId}:function:${target.name}`;
  return target.qualifier ? `${base}:${target.qualifier}` : base;
}
