using System;
using System.Linq;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

// resources/list, resources/read, prompts/get and completion/complete.
public sealed partial class McpRequestProcessor
{
    private const int MaxCompletionValues = 100;
    private static readonly IReadOnlyDictionary<string, string> s_noArguments = new Dictionary<string, string>(0);

}
