/**
 * Hyperplane network interfaces for VPC functions ("Giving Lambda functions access to resources in an Amazon VPC",
 * "Lambda function states"): Lambda creates a network interface for each combination of subnet and security groups
 * in a function's VpcConfig when the function is created or its VPC settings change — not on each cold start —
 * and functions with the same combination share it. Until the interfaces exist a new function is Pending (every
 * invoke fails); an update is InProgress and invocations keep using the previous configuration's network. AWS
 * says this can take several minutes; here 90 seconds of virtual time (illustrative), nothing when the interfaces
 * already exist.
 *
 * The reachability of a function's calls follows its *attached* network (what Lambda finished setting up), which
 * during an update is still the previous one.
 */
import type { Clock } from '../clock';
import type { VpcConfig } from '../config';
import type { LambdaService } from '../lambda/LambdaService';
import type { ServiceEvent } from '../lambda/types';

export const ENI_CREATION_MS = 90_000;

export interface NetworkInterface {
  eniId: string;
  subnetId: string;
  securityGroupIds: string[];
  status: 'creating' | 'available';
  /** Functions using it. */
  functions: Set<string>;
}

interface Attachment {
  /** The configuration whose interfaces are ready (null: not in a VPC). */
  attached: VpcConfig | null;
  /** The configuration being set up, and when it is ready. */
  pending: { config: VpcConfig | null; readyAt: number; timerId: number } | null;
}

function keyOf(config: VpcConfig | null): string {
  if (!config) return '';
  return JSON.stringify([[...config.subnetIds].sort(), [...config.securityGroupIds].sort()]);
}

function interfaceKey(subnetId: string, groups: readonly string[]): string {
  return `${subnetId}|${[...groups].sort().join(',')}`;
}

export class VpcAttachments {
  private readonly attachments = new Map<string, Attachment>();
  private readonly interfaces = new Map<string, NetworkInterface>();
  private readonly listeners = new Set<() => void>();
  private readonly off: () => void;
  private serial = 0;

  constructor(
    private readonly service: LambdaService,
    private readonly clock: Clock,
  ) {
    this.off = service.subscribe((event) => this.onEvent(event));
    for (const name of service.functionNames()) this.sync(name);
  }

  dispose(): void {
    this.off();
    for (const attachment of this.attachments.values())
      if (attachment.pending) this.clock.cancel(attachment.pending.timerId);
    this.attachments.clear();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The network a function's calls use now (null: Lambda's own network). */
  attachedConfig(functionName: string): VpcConfig | null {
    return this.attachments.get(functionName)?.attached ?? null;
  }

  /** Virtual ms when a pending VPC setup of the function completes. */
  pendingUntil(functionName: string): number | undefined {
    return this.attachments.get(functionName)?.pending?.readyAt;
  }

  networkInterfaces(): NetworkInterface[] {
    return [...this.interfaces.values()].map((item) => ({ ...item, functions: new Set(item.functions) }));
  }

  hasPendingWork(): boolean {
    for (const attachment of this.attachments.values()) if (attachment.pending) return true;
    return false;
  }

  private onEvent(event: ServiceEvent): void {
    if (event.type === 'function.changed') this.sync(event.functionName);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private sync(name: string): void {
    if (!this.service.hasFunction(name)) {
      const attachment = this.attachments.get(name);
      if (attachment?.pending) this.clock.cancel(attachment.pending.timerId);
      this.attachments.delete(name);
      for (const item of this.interfaces.values()) item.functions.delete(name);
      this.notify();
      return;
    }
    const wanted = this.service.getFunction(name)!.vpcConfig;
    let attachment = this.attachments.get(name);
    const isNew = !attachment;
    attachment ??= { attached: null, pending: null };
    this.attachments.set(name, attachment);
    const target = attachment.pending ? attachment.pending.config : attachment.attached;
    if (keyOf(target) === keyOf(wanted) && !(isNew && wanted)) return;
    if (attachment.pending) this.clock.cancel(attachment.pending.timerId);
    attachment.pending = null;
    if (!wanted) {
      // Leaving the VPC needs no new interfaces.
      attachment.attached = null;
      this.release(name);
      if (
        this.service.functionStatus(name).lastUpdateStatus !== 'Successful' ||
        this.service.functionStatus(name).state !== 'Active'
      )
        this.service.setFunctionStatus(name, { state: 'Active', lastUpdateStatus: 'Successful' });
      this.notify();
      return;
    }
    const missing = wanted.subnetIds.filter(
      (subnetId) =>
        this.interfaces.get(interfaceKey(subnetId, wanted.securityGroupIds))?.status !== 'available',
    );
    for (const subnetId of wanted.subnetIds) {
      const key = interfaceKey(subnetId, wanted.securityGroupIds);
      let item = this.interfaces.get(key);
      if (!item) {
        item = {
          eniId: `eni-${(++this.serial).toString(16).padStart(17, '0')}`,
          subnetId,
          securityGroupIds: [...wanted.securityGroupIds],
          status: 'creating',
          functions: new Set(),
        };
        this.interfaces.set(key, item);
      }
      item.functions.add(name);
    }
    if (missing.length === 0) {
      attachment.attached = wanted;
      this.notify();
      return;
    }
    const creating = isNew || this.service.functionStatus(name).state === 'Pending';
    const readyAt = this.clock.now() + ENI_CREATION_MS;
    const timerId = this.clock.scheduleAt(readyAt, () => {
      attachment.pending = null;
      for (const subnetId of wanted.subnetIds) {
        const item = this.interfaces.get(interfaceKey(subnetId, wanted.securityGroupIds));
        if (item) item.status = 'available';
      }
      attachment.attached = wanted;
      this.release(name, wanted);
      this.service.setFunctionStatus(name, { state: 'Active', lastUpdateStatus: 'Successful' });
      this.notify();
    });
    // Recorded before the status changes: setting it announces a function change, which comes back here.
    attachment.pending = { config: wanted, readyAt, timerId };
    this.service.setFunctionStatus(
      name,
      creating
        ? {
            state: 'Pending',
            stateReason: 'The function is being created.',
            stateReasonCode: 'Creating',
            lastUpdateStatus: 'Successful',
          }
        : {
            state: 'Active',
            lastUpdateStatus: 'InProgress',
            lastUpdateStatusReason: 'The function is being updated.',
            lastUpdateStatusReasonCode: 'Updating',
          },
    );
    this.notify();
  }

  /** A function stops using interfaces of other configurations; unused ones go. */
  private release(name: string, keep: VpcConfig | null = null): void {
    const kept = new Set(
      keep ? keep.subnetIds.map((subnetId) => interfaceKey(subnetId, keep.securityGroupIds)) : [],
    );
    for (const [key, item] of this.interfaces) {
      if (kept.has(key)) continue;
      item.functions.delete(name);
      if (item.functions.size === 0) this.interfaces.delete(key);
    }
  }
}
