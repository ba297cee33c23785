import { describe, expect, it } from 'vitest';
import type { LayerContent } from '../../sim/lambda/host';
import { bundlesNeeded, runtimeSdkFiles, stubSource } from './packages';

const file = (content: string) => ({ path: 'index.mjs', content });
const powertoolsLayer: LayerContent = {
  arn: 'arn:aws:lambda:us-east-1:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:35',
  name: 'AWSLambdaPowertoolsTypeScriptV2',
  version: 35,
  files: [
    {
      path: 'nodejs/node_modules/@aws-lambda-powertools/logger/index.js',
      content: stubSource('powertools', '@aws-lambda-powertools/logger'),
    },
  ],
};

describe('which runtime bundles an init needs', () => {
  it('none for a function that names neither the SDK nor Powertools', () => {
    expect(bundlesNeeded([file('export const handler = async () => 1;')], [])).toEqual([]);
  });

  it('the SDK when a file imports or requires an @aws-sdk/ package', () => {
    expect(bundlesNeeded([file("import { S3Client } from '@aws-sdk/client-s3';")], [])).toEqual(['aws-sdk']);
    expect(bundlesNeeded([file('const { SQS } = require("@aws-sdk/client-sqs");')], [])).toEqual(['aws-sdk']);
  });

  it('Powertools (and the SDK its clients come from) only when the layer is attached', () => {
    const code = [file("import { Logger } from '@aws-lambda-powertools/logger';")];
    expect(bundlesNeeded(code, [powertoolsLayer])).toEqual(['aws-sdk', 'powertools']);
    // Without the layer the import fails as in Lambda: nothing to load.
    expect(bundlesNeeded(code, [])).toEqual([]);
    // The layer alone, unused, loads nothing.
    expect(bundlesNeeded([file('exports.handler = async () => 1;')], [powertoolsLayer])).toEqual([]);
  });

  it('the runtime’s SDK is a stub per package under /var/runtime/node_modules', () => {
    const files = runtimeSdkFiles();
    expect(files.get('/var/runtime/node_modules/@aws-sdk/client-dynamodb/index.js')).toBe(
      stubSource('aws-sdk', '@aws-sdk/client-dynamodb'),
    );
    expect(
      JSON.parse(files.get('/var/runtime/node_modules/@aws-sdk/lib-dynamodb/package.json')!),
    ).toMatchObject({
      version: '3.1164.0',
    });
  });
});
