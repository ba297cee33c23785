import { Component, type ReactNode } from 'react';

interface Props {
  /** What failed, in words: "diagram", "lifecycle explorer". */
  label: string;
  children?: ReactNode;
}

/** Keeps a failed lazy chunk (offline, stale deploy) from taking the whole lesson down. */
export class WidgetBoundary extends Component<Props, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    if (this.state.failed) {
      return (
        <p className="widget-error" role="alert">
          The {this.props.label} could not load. Reload the page to try again.
        </p>
      );
    }
    return this.props.children;
  }
}
