/** `cli compose`: a LicenseSpring offline request file, printed as the file's content. */
import { parseArgs } from 'node:util';
import { composeRequest, type ComposeOptions } from '../../src/lib/core/compose';
import { UsageError } from './usage';

export const COMPOSE_USAGE = `compose --product P --hardware-id H (--license-key K | --username U [--password W])
       (--api-key A --shared-key S | --client-id C --client-secret S) [--request activation|deactivation]
       [--schema 1|2] [--date HTTP-DATE] [--request-id ID] [--field name=value]... [--variable name=value]...`;

export async function composeCommand(args: string[], write: (line: string) => void): Promise<number> {
  // parseArgs refuses stray positionals itself: compose reads no file.
  const { values } = parseArgs({
    args,
    options: {
      product: { type: 'string' },
      'hardware-id': { type: 'string' },
      'license-key': { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'api-key': { type: 'string' },
      'shared-key': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      request: { type: 'string', default: 'activation' },
      schema: { type: 'string', default: '2' },
      date: { type: 'string' },
      'request-id': { type: 'string' },
      field: { type: 'string', multiple: true },
      variable: { type: 'string', multiple: true }
    }
  });
  if (!values.product || !values['hardware-id']) throw new UsageError('compose needs --product and --hardware-id');
  if (values.request !== 'activation' && values.request !== 'deactivation')
    throw new UsageError('--request is activation or deactivation');
  if (values.schema !== '1' && values.schema !== '2') throw new UsageError('--schema is 1 or 2');
  const variables = values.variable?.map((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--variable "${item}" must be name=value`);
    return [item.slice(0, eq), item.slice(eq + 1)] as const;
  });
  const options: ComposeOptions = {
    request: values.request,
    product: values.product,
    hardwareId: values['hardware-id'],
    schema: values.schema === '1' ? 1 : 2,
    now: Date.now()
  };
  const optional = {
    licenseKey: values['license-key'],
    username: values.username,
    password: values.password,
    apiKey: values['api-key'],
    sharedKey: values['shared-key'],
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    date: values.date,
    requestId: values['request-id'],
    extra: values.field,
    variables: variables && Object.fromEntries(variables)
  };
  for (const [name, value] of Object.entries(optional))
    if (value !== undefined) Object.assign(options, { [name]: value });
  const composed = await composeRequest(options);
  write(composed.content.trimEnd());
  return 0;
}
