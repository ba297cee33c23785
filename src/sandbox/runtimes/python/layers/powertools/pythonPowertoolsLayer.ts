/**
 * The course's compatible subset of Powertools for AWS Lambda (Python) as a layer a python3.14 function attaches,
 * laid out as Lambda layers for Python are: the package under /opt/python (on the runtime's sys.path). The real
 * package cannot be installed in the sandbox (no package index), so `python/aws_lambda_powertools` is written for
 * the course, behaviour by behaviour from the Powertools documentation; its README lists what is there.
 */
import type { CodeFile, LayerContent } from '../../../../../sim/lambda/host';
import {
  PYTHON_POWERTOOLS_LAYER_DESCRIPTION,
  PYTHON_POWERTOOLS_LAYER_NAME,
} from './pythonPowertoolsLayerInfo';

export { PYTHON_POWERTOOLS_LAYER_NAME };

const sources = import.meta.glob('./python/**/*.py', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

function layerFiles(): CodeFile[] {
  return Object.entries(sources)
    .map(([key, content]) => ({ path: key.slice('./'.length), content }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The layer's content; its ARN names the course account, as the TypeScript Powertools layer's does. */
export const PYTHON_POWERTOOLS_LAYER: LayerContent & { description: string } = {
  arn: `arn:aws:lambda:us-east-1:123456789012:layer:${PYTHON_POWERTOOLS_LAYER_NAME}:1`,
  name: PYTHON_POWERTOOLS_LAYER_NAME,
  version: 1,
  description: PYTHON_POWERTOOLS_LAYER_DESCRIPTION,
  files: layerFiles(),
};
