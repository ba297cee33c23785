/**
 * The components map every lesson renders with. Names here are exactly src/mdx/allowlist.ts.
 * Interactive widgets are React.lazy chunks behind a Suspense placeholder that reserves their space,
 * so no widget code is in the first page load and nothing shifts when it arrives.
 */
import { lazy, Suspense, useRef, type ComponentType } from 'react';
import { useNearViewport } from '../ui/useNearViewport';
import { Callout } from './Callout';
import { Updated } from './Updated';
import { CodeTabs } from './CodeTabs';
import { CodeBlock } from './CodeBlock';
import { Figure } from './Figure';
import { Diagram } from './Diagram';
import { MdxLink } from './MdxLink';
import { Table } from './Table';
import { WidgetBoundary } from './WidgetBoundary';
import type { AllowedComponent } from './allowlist';
import './mdx.css';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyProps = any;

function lazyWidget(
  load: () => Promise<{ default: ComponentType<AnyProps> }>,
  label: string,
  minHeight: number,
) {
  const Widget = lazy(load);
  function LazyWidget(props: AnyProps) {
    // The chunk is fetched only when the widget nears the viewport; until then the same box is reserved.
    const box = useRef<HTMLDivElement>(null);
    const near = useNearViewport(box);
    if (!near) {
      return (
        <div ref={box} className="widget-loading" data-deferred="" style={{ minHeight }}>
          {label.charAt(0).toUpperCase() + label.slice(1)}
        </div>
      );
    }
    return (
      <WidgetBoundary label={label}>
        <Suspense
          fallback={
            <div className="widget-loading" style={{ minHeight }}>
              Loading the {label}…
            </div>
          }
        >
          <Widget {...props} />
        </Suspense>
      </WidgetBoundary>
    );
  }
  LazyWidget.displayName = `Lazy(${label})`;
  return LazyWidget;
}

const KnowledgeCheck = lazyWidget(() => import('../features/quiz/KnowledgeCheck'), 'knowledge check', 320);

export const widgetComponents: Record<AllowedComponent, ComponentType<AnyProps>> = {
  Callout,
  Updated,
  CodeTabs,
  Figure,
  Diagram,
  KnowledgeCheck,
  Quiz: KnowledgeCheck,
  Checklist: lazyWidget(() => import('../features/checklist/Checklist'), 'checklist', 240),
  LifecycleExplorer: lazyWidget(
    () => import('../features/lifecycle/LifecycleExplorer'),
    'lifecycle explorer',
    520,
  ),
  Sandbox: lazyWidget(() => import('../features/playground/Sandbox'), 'sandbox', 480),
  PoolBench: lazyWidget(() => import('../features/pool/PoolBench'), 'concurrency bench', 520),
  CostCalculator: lazyWidget(() => import('../features/cost/CostCalculator'), 'cost calculator', 640),
  RetryTimeline: lazyWidget(() => import('../features/simulators/RetryTimeline'), 'retry timeline', 560),
  InvocationModels: lazyWidget(
    () => import('../features/simulators/InvocationModels'),
    'invocation models simulator',
    620,
  ),
  EventFormats: lazyWidget(() => import('../features/simulators/EventFormats'), 'event runner', 640),
  PowertoolsOutput: lazyWidget(
    () => import('../features/simulators/PowertoolsOutput'),
    'Powertools simulator',
    560,
  ),
  VpcHang: lazyWidget(() => import('../features/simulators/VpcHang'), 'VPC simulator', 520),
  PartialBatch: lazyWidget(() => import('../features/simulators/PartialBatch'), 'batch simulator', 560),
  PowerTuning: lazyWidget(() => import('../features/powertuning/PowerTuningSandbox'), 'power tuning', 560),
};

export const mdxComponents: Record<string, ComponentType<AnyProps>> = {
  ...widgetComponents,
  pre: CodeBlock,
  a: MdxLink,
  table: Table,
};
