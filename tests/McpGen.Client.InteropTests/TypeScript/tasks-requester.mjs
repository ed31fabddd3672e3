// A requester of the tasks extension (io.modelcontextprotocol/tasks, MCP 2026-07-28) built on the official
// @modelcontextprotocol/ext-tasks client: it calls one tool of a McpGen server, lets ext-tasks drive the task
// (its strict 2026-07-28 codecs parse every CreateTaskResult and tasks/get answer; it polls tasks/get and sends
// tasks/cancel), and prints one JSON line per step on stdout.
//   node tasks-requester.mjs <endpoint> <tool> <arguments-json> complete|cancel
// ext-tasks leaves the HTTP exchange to its host (a ConnectedMcpSessionPort): the port below is that host part,
// framing each request as ext-tasks' own SDK adapter does (frameV2TaskRequest: protocol version, client info,
// client capabilities with the tasks extension, in _meta) and sending it with the 2026-07-28 HTTP headers.
import { withTasks } from '@modelcontextprotocol/ext-tasks/client';

const [endpoint, tool, argumentsJson, mode] = process.argv.slice(2);
const PROTOCOL = '2026-07-28';
let nextId = 1;

function print(step) {
  process.stdout.write(JSON.stringify(step) + '\n');
}

async function post(request, signal) {
  const params = request.params ?? {};
  const meta = params._meta ?? {};
  const capabilities = meta['io.modelcontextprotocol/clientCapabilities'] ?? {};
  const body = {
    jsonrpc: '2.0',
    id: nextId++,
    method: request.method,
    params: {
      ...params,
      _meta: {
        ...meta,
        'io.modelcontextprotocol/protocolVersion': PROTOCOL,
        'io.modelcontextprotocol/clientInfo': { name: 'ext-tasks-requester', version: '0.2.2' },
        'io.modelcontextprotocol/clientCapabilities': {
          ...capabilities,
          extensions: { ...(capabilities.extensions ?? {}), 'io.modelcontextprotocol/tasks': {} },
        },
      },
    },
  };
  const name = request.method === 'tools/call' ? params.name : request.method.startsWith('tasks/') ? params.taskId : undefined;
  const response = await fetch(endpoint, {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': PROTOCOL,
      'mcp-method': request.method,
      ...(name === undefined ? {} : { 'mcp-name': String(name) }),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  // A JSON body, or an event stream whose last message is the response.
  const json = (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
    ? text.split('\n').filter(l => l.startsWith('data:')).map(l => JSON.parse(l.slice(5))).filter(m => m.id === body.id).pop()
    : JSON.parse(text);
  print({ step: 'exchange', method: request.method, status: response.status, response: json });
  return json;
}

const discovered = await post({ method: 'server/discover', params: {} });
const tasksCapability = discovered.result?.capabilities?.extensions?.['io.modelcontextprotocol/tasks'];
print({ step: 'discover', tasks: tasksCapability !== undefined });

const port = {
  endpointId: endpoint,
  taskCapabilities: tasksCapability === undefined ? { generation: 'none' } : { generation: 'v2', capabilities: tasksCapability },
  invalidated: false,
  async dispatch(request, options = {}) {
    const json = await post(request, options.signal);
    return json.error !== undefined ? { kind: 'error', error: json.error } : { kind: 'result', result: json.result };
  },
  onServerRequest: () => () => {},
  onNotification: () => () => {},
  onInvalidated: () => () => {},
};

const session = withTasks(port, { onError: e => print({ step: 'session-error', message: String(e) }) });
try {
  const execution = await session.callTool(tool, JSON.parse(argumentsJson), { task: { preference: 'require' } });
  print({ step: 'called', kind: execution.kind, taskId: execution.handle?.taskId });
  if (mode === 'cancel') {
    await new Promise(resolve => setTimeout(resolve, 1000));
    await execution.cancel();
    print({ step: 'cancel-sent' });
  }

  const settled = await execution.settle();
  print({ step: 'settled', outcome: settled.outcome });
} catch (e) {
  print({ step: 'error', name: e?.name, message: String(e?.message ?? e) });
} finally {
  await session.close();
}
