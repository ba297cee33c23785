/**
 * What the playground shows of the Python Powertools layer before anyone attaches it: its name and description.
 * Apart from pythonPowertoolsLayer.ts, whose files (the whole package, ~27 KB gzip) load only when a function
 * attaches the layer.
 */

/** The name AWS publishes the Python layer under (V3, one layer per Python version and architecture). */
export const PYTHON_POWERTOOLS_LAYER_NAME = 'AWSLambdaPowertoolsPythonV3-python314-x86_64';

export const PYTHON_POWERTOOLS_LAYER_DESCRIPTION =
  "The course's compatible subset of Powertools for AWS Lambda (Python): Logger, Tracer, Metrics, parameters, idempotency, event handler, validation, batch, typing";
