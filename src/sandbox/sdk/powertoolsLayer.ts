/**
 * Powertools for AWS Lambda (TypeScript) as a layer a function attaches, laid out as AWS publishes it: its
 * packages under /opt/nodejs/node_modules/@aws-lambda-powertools/*. Each module file is a stub that hands out the
 * module from the `powertools` runtime bundle (loaded only when an init needs it, packages.ts), so the layer
 * itself is a few hundred bytes and the real code arrives once, lazily. Layer limits (5 per function, 250 MB
 * unzipped with the function) are the service's.
 */
import type { CodeFile, LayerContent } from '../../sim/lambda/host';
import { POWERTOOLS_MODULES, POWERTOOLS_VERSION, stubSource } from './packages';

export const POWERTOOLS_LAYER_NAME = 'AWSLambdaPowertoolsTypeScriptV2';

function layerFiles(): CodeFile[] {
  const files: CodeFile[] = [];
  for (const specifier of POWERTOOLS_MODULES) {
    const [scope, name, ...subpath] = specifier.split('/');
    const directory = `nodejs/node_modules/${scope}/${name}${subpath.length ? `/${subpath.join('/')}` : ''}`;
    if (subpath.length === 0)
      files.push({
        path: `${directory}/package.json`,
        content: JSON.stringify({ name: `${scope}/${name}`, version: POWERTOOLS_VERSION, main: 'index.js' }),
      });
    files.push({ path: `${directory}/index.js`, content: stubSource('powertools', specifier) });
  }
  return files;
}

/** The layer's content; its ARN names the course account, as a layer you published yourself would. */
export const POWERTOOLS_LAYER: LayerContent & { description: string } = {
  arn: `arn:aws:lambda:us-east-1:123456789012:layer:${POWERTOOLS_LAYER_NAME}:1`,
  name: POWERTOOLS_LAYER_NAME,
  version: 1,
  description: `Powertools for AWS Lambda (TypeScript) ${POWERTOOLS_VERSION}: logger, metrics, tracer, parameters, idempotency, batch`,
  files: layerFiles(),
};
