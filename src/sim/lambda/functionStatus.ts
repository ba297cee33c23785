/**
 * Function states ("Lambda function states": https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html).
 * `State` says whether the function can be invoked: Lambda does not invoke a function while it is Pending (it is
 * creating resources such as VPC network interfaces) and every invoke fails. `LastUpdateStatus` tracks an update:
 * while it is InProgress, invocations keep running on the previous configuration's resources.
 *
 * Most functions go straight to Active; src/sim/vpc sets Pending and InProgress while it attaches network
 * interfaces.
 */
export type FunctionStateName = 'Pending' | 'Active' | 'Inactive' | 'Failed';
export type LastUpdateStatus = 'Successful' | 'InProgress' | 'Failed';

export interface FunctionStatus {
  state: FunctionStateName;
  stateReason?: string;
  stateReasonCode?: string;
  lastUpdateStatus: LastUpdateStatus;
  lastUpdateStatusReason?: string;
  lastUpdateStatusReasonCode?: string;
}

export const ACTIVE_STATUS: FunctionStatus = Object.freeze({
  state: 'Active',
  lastUpdateStatus: 'Successful',
});

/** The Invoke API's ResourceConflictException for a function that is not ready (troubleshooting-invocation). */
export function notReadyMessage(state: FunctionStateName): string {
  return `The operation cannot be performed at this time. The function is currently in the following state: ${state}`;
}
