using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;

namespace McpGen.SourceGeneration;

// Resources, resource templates, resource listings, prompts and completions.
public sealed partial class McpServerGenerator
{
    internal sealed partial class Emitter
    {
        private const string StringValue = "global::McpGen.Runtime.McpStringValue";
        private const string CompletionType = "global::ModelContextProtocol.Protocol.Completion";
        private const string ValueTask = "global::System.Threading.Tasks.ValueTask";

        /// <summary>Emits everything of a server except its tools, naming each generated member up front.</summary>
        private sealed class OtherPrimitives
        {
            private readonly Emitter _e;
            private readonly PrimitivesSpec _p;
            private readonly Dictionary<ResourceSpec, string> _resourceNames = new();
            private readonly Dictionary<PromptSpec, string> _promptNames = new();
            private readonly Dictionary<MethodSpec, string> _completionNames = new();
            private readonly Dictionary<ResourceListSpec, string> _listNames = new();

            public OtherPrimitives(Emitter emitter, PrimitivesSpec primitives)
            {
                _e = emitter;
                _p = primitives;
                foreach (var resource in primitives.Resources)
                {
                    _resourceNames[resource] = emitter.UniqueName(string.Empty, resource.Name);
                }

                foreach (var prompt in primitives.Prompts)
                {
                    _promptNames[prompt] = emitter.UniqueName(string.Empty, prompt.Name);
                }

                foreach (var completion in primitives.Completions)
                {
                    if (!_completionNames.ContainsKey(completion.Method))
                    {
                        _completionNames[completion.Method] = emitter.UniqueName("Complete_", completion.Method.MethodName);
                    }
                }

                foreach (var list in primitives.ResourceLists)
                {
                    _listNames[list] = emitter.UniqueName("List_", list.Method.MethodName);
                }
            }

            public bool IsEmpty => _p.Resources.Count == 0 && _p.Prompts.Count == 0 && _p.ResourceLists.Count == 0;

            /// <summary>The object-initializer members of the definition: Resources, ResourceTemplates, Prompts, ResourceLists.</summary>
            public void EmitDefinitionMembers(SourceWriter w)
            {
                EmitResources(w, "Resources", _p.Resources.Where(r => !r.IsTemplate).ToList());
                EmitResources(w, "ResourceTemplates", _p.Resources.Where(r => r.IsTemplate).ToList());
                if (_p.Prompts.Count > 0)
                {
                    w.WriteLine("Prompts = new global::McpGen.McpPromptDescriptor[]");
                    w.OpenBlock();
                    foreach (var prompt in _p.Prompts)
                    {
                        string id = _promptNames[prompt];
                        w.WriteLine($"new({Literal(prompt.Name)}, Get_{id})");
                        w.OpenBlock();
                        Optional(w, "Title", prompt.Title);
                        Optional(w, "Description", prompt.Description);
                        var arguments = Arguments(prompt.Method);
                        if (arguments.Count > 0)
                        {
                            w.WriteLine("Arguments = new global::McpGen.McpPromptArgument[]");
                            w.OpenBlock();
                            foreach (var argument in arguments)
                            {
                                var members = new List<string>();
                                if (argument.Description is not null)
                                {
                                    members.Add("Description = " + Literal(argument.Description));
                                }

                                if (argument.Required)
                                {
                                    members.Add("Required = true");
                                }

                                if (CompletionFor(argument.Type!, c => c.Prompt == prompt.Name && c.Argument == argument.Name) is { } completion)
                                {
                                    members.Add("Completion = " + completion);
                                }

                                w.WriteLine(members.Count == 0
                                    ? $"new({Literal(argument.Name)}),"
                                    : $"new({Literal(argument.Name)}) {{ {string.Join(", ", members)} }},");
                            }

                            w.CloseBlock(",");
                        }

                        if (prompt.Method.UsesServices)
                        {
                            w.WriteLine("UsesServices = true,");
                        }

                        EmitRequiredScopes(w, prompt.Method);

                        w.CloseBlock(",");
                    }

                    w.CloseBlock(",");
                }

                if (_p.ResourceLists.Count > 0)
                {
                    w.WriteLine("ResourceLists = new global::McpGen.McpResourceListDescriptor[]");
                    w.OpenBlock();
                    foreach (var list in _p.ResourceLists)
                    {
                        var members = new List<string>();
                        if (list.TimeToLiveMs > 0)
                        {
                            members.Add($"TimeToLive = global::System.TimeSpan.FromMilliseconds({list.TimeToLiveMs.ToString(CultureInfo.InvariantCulture)})");
                        }

                        if (list.CacheScope != Model.CacheScope.Unspecified)
                        {
                            members.Add("CacheScope = " + CacheScopeExpression(list.CacheScope));
                        }

                        if (list.Method.UsesServices)
                        {
                            members.Add("UsesServices = true");
                        }

                        if (list.Method.RequiredScopes.Count > 0)
                        {
                            members.Add($"RequiredScopes = new string[] {{ {string.Join(", ", list.Method.RequiredScopes.Select(Literal))} }}");
                        }

                        w.WriteLine(members.Count == 0 ? $"new({_listNames[list]})," : $"new({_listNames[list]}) {{ {string.Join(", ", members)} }},");
                    }

                    w.CloseBlock(",");
                }
            }

            private void EmitResources(SourceWriter w, string property, List<ResourceSpec> resources)
            {
                if (resources.Count == 0)
                {
                    return;
                }

                w.WriteLine($"{property} = new global::McpGen.McpResourceDescriptor[]");
                w.OpenBlock();
                foreach (var resource in resources)
                {
                    string id = _resourceNames[resource];
                    w.WriteLine(resource.IsTemplate
                        ? $"new({Literal(resource.Uri)}, {Literal(resource.Name)}, static uri => Match_{id}(uri{string.Concat(resource.Variables.Select(_ => ", out _"))}), Read_{id})"
                        : $"new({Literal(resource.Uri)}, {Literal(resource.Name)}, Read_{id})");
                    w.OpenBlock();
                    Optional(w, "Title", resource.Title);
                    Optional(w, "Description", resource.Description);
                    Optional(w, "MimeType", resource.MimeType ?? DefaultMimeType(resource.ReturnKind));
                    if (resource.TimeToLiveMs >= 0)
                    {
                        w.WriteLine($"TimeToLive = global::System.TimeSpan.FromMilliseconds({resource.TimeToLiveMs.ToString(CultureInfo.InvariantCulture)}),");
                    }

                    if (resource.CacheScope != Model.CacheScope.Unspecified)
                    {
                        w.WriteLine($"CacheScope = {CacheScopeExpression(resource.CacheScope)},");
                    }

                    if (resource.Method.UsesServices)
                    {
                        w.WriteLine("UsesServices = true,");
                    }

                    EmitRequiredScopes(w, resource.Method);

                    if (resource.IsTemplate)
                    {
                        w.WriteLine($"Variables = new string[] {{ {string.Join(", ", resource.Variables.Select(Literal))} }},");
                        var completions = new List<string>();
                        foreach (string variable in resource.Variables)
                        {
                            var parameter = resource.Method.Parameters.FirstOrDefault(p => p.Source == ParameterSource.Argument && p.Name == variable);
                            if (parameter is not null && CompletionFor(parameter.Type!, c => c.ResourceTemplate == resource.Uri && c.Argument == variable) is { } completion)
                            {
                                completions.Add($"[{Literal(variable)}] = {completion},");
                            }
                        }

                        if (completions.Count > 0)
                        {
                            w.WriteLine("Completions = new global::System.Collections.Generic.Dictionary<string, global::McpGen.McpCompletionHandler>(global::System.StringComparer.Ordinal)");
                            w.OpenBlock();
                            foreach (string completion in completions)
                            {
                                w.WriteLine(completion);
                            }

                            w.CloseBlock(",");
                        }
                    }

                    w.CloseBlock(",");
                }

                w.CloseBlock(",");
            }

            /// <summary>The completion handler of an argument: its [McpCompletion] method, else its enum or boolean values.</summary>
            private string? CompletionFor(TypeRefSpec type, Func<CompletionSpec, bool> target)
            {
                var method = _p.Completions.FirstOrDefault(target);
                if (method is not null)
                {
                    return _completionNames[method.Method];
                }

                var inner = type.Kind == JsonShape.Nullable ? type.Element! : type;
                string[]? values = inner.Kind switch
                {
                    JsonShape.Enum => inner.EnumMembers.Select(m => m.JsonName).Distinct().ToArray(),
                    JsonShape.Boolean => ["true", "false"],
                    _ => null,
                };
                if (values is null)
                {
                    return null;
                }

                string name = inner.Kind == JsonShape.Enum ? Naming.Identifier(inner.TypeName.Replace("global::", string.Empty)) : "Boolean";
                _e._completionValues[name] = values;
                return "CompleteValues_" + name;
            }

            public void EmitHandlers(SourceWriter w)
            {
                foreach (var resource in _p.Resources)
                {
                    w.WriteLine();
                    EmitResource(w, resource, _resourceNames[resource]);
                }

                foreach (var list in _p.ResourceLists)
                {
                    w.WriteLine();
                    EmitResourceList(w, list, _listNames[list]);
                }

                foreach (var prompt in _p.Prompts)
                {
                    w.WriteLine();
                    EmitPrompt(w, prompt, _promptNames[prompt]);
                }

                foreach (var completion in _p.Completions.GroupBy(c => c.Method).Select(g => g.First()))
                {
                    w.WriteLine();
                    EmitCompletion(w, completion, _completionNames[completion.Method]);
                }
            }

            private void EmitResource(SourceWriter w, ResourceSpec resource, string id)
            {
                var method = resource.Method;
                var arguments = Arguments(method);
                w.WriteLine($"// {(resource.IsTemplate ? "Resource template" : "Resource")} '{resource.Uri}': {Display(method)}");
                if (resource.IsTemplate)
                {
                    EmitMatcher(w, resource, id);
                    w.WriteLine();
                }

                if (arguments.Count > 0)
                {
                    EmitUriBinder(w, resource, id, arguments);
                    w.WriteLine();
                }

                bool stream = resource.ReturnKind == ResourceReturnKind.Stream;
                bool isAsync = resource.IsAsync || stream || method.IsAsyncDisposable;
                w.OpenBlock($"private static {(isAsync ? "async " : string.Empty)}{ValueTask} Read_{id}(global::McpGen.McpResourceRead read)");
                if (arguments.Count > 0)
                {
                    w.WriteLine($"BindUri_{id}(read{string.Concat(arguments.Select(a => ", out var a_" + a.Name))});");
                }

                string results = "global::McpGen.Runtime.McpResourceResults";
                string write = resource.ReturnKind switch
                {
                    ResourceReturnKind.Text => $"{results}.WriteText(read, result);",
                    ResourceReturnKind.Primitive => $"{results}.WriteText(read, {_e.TextOf(resource.ValueType!, "result")});",
                    ResourceReturnKind.Bytes or ResourceReturnKind.Memory => $"{results}.WriteBlob(read, result);",
                    ResourceReturnKind.Stream => $"await {results}.WriteStreamAsync(read, result).ConfigureAwait(false);",
                    ResourceReturnKind.Json => $"{results}.WriteJson(read, result, {_e.WriterMethod(resource.ValueType!)});",
                    ResourceReturnKind.ReadResult => $"{results}.WriteReadResult(read, result);",
                    _ => $"{results}.WriteContents(read, result);",
                };
                EmitInvocation(w, method, "read", resource.IsAsync, hasResult: true, write);
                if (!isAsync)
                {
                    w.WriteLine("return default;");
                }

                w.CloseBlock();
            }

            /// <summary>The template as code: literals and expressions consumed in order; every variable comes out as a string.</summary>
            private static void EmitMatcher(SourceWriter w, ResourceSpec resource, string id)
            {
                string reader = "global::McpGen.Runtime.McpUriTemplateReader";
                w.OpenBlock($"private static bool Match_{id}(string uri{string.Concat(resource.Variables.Select(v => ", out string? v_" + Naming.Identifier(v)))})");
                foreach (string variable in resource.Variables)
                {
                    w.WriteLine($"v_{Naming.Identifier(variable)} = null;");
                }

                w.WriteLine($"var reader = new {reader}(uri);");
                var parts = resource.Parts;
                int expression = 0;
                for (int i = 0; i < parts.Count; i++)
                {
                    var part = parts[i];
                    if (part.Literal is not null)
                    {
                        w.WriteLine($"if (!reader.Literal({Literal(part.Literal)})) return false;");
                        continue;
                    }

                    string op = OperatorLiteral(part.Operator);
                    var following = i + 1 < parts.Count ? parts[i + 1] : null;
                    string next = following?.Literal is { } literal ? Literal(literal) : "null";
                    string nextPrefix = following is { Literal: null, Operator: not ('\0' or '+') } ? OperatorLiteral(following.Operator) : "'\\0'";
                    string text = "e" + expression.ToString(CultureInfo.InvariantCulture);
                    expression++;

                    // An expression without a prefix stands for a required part of the URI: empty means a different URI.
                    w.WriteLine(part.Operator is '\0' or '+'
                        ? $"if (!reader.Expression({op}, {next}, {nextPrefix}, out var {text}) || {text}.IsEmpty) return false;"
                        : $"if (!reader.Expression({op}, {next}, {nextPrefix}, out var {text})) return false;");
                    bool named = part.Operator is ';' or '?' or '&';
                    for (int v = 0; v < part.Variables.Count; v++)
                    {
                        string variable = part.Variables[v];
                        w.WriteLine(named
                            ? $"v_{Naming.Identifier(variable)} = {reader}.Named({text}, {op}, {Literal(variable)});"
                            : $"v_{Naming.Identifier(variable)} = {reader}.Item({text}, {op}, {v.ToString(CultureInfo.InvariantCulture)});");
                    }
                }

                w.WriteLine("return reader.End();");
                w.CloseBlock();
            }

            private void EmitUriBinder(SourceWriter w, ResourceSpec resource, string id, List<ParameterSpec> arguments)
            {
                w.OpenBlock($"private static void BindUri_{id}(global::McpGen.McpResourceRead read{string.Concat(arguments.Select(a => $", out {a.Type!.DeclaredName} a_{a.Name}"))})");
                string outs = string.Concat(resource.Variables.Select(v => arguments.Any(a => a.Name == v) ? $", out var v_{Naming.Identifier(v)}" : ", out _"));
                w.WriteLine($"Match_{id}(read.Uri{outs});");
                foreach (var a in arguments)
                {
                    w.WriteLine($"a_{a.Name} = {a.DefaultLiteral ?? "default!"};");
                }

                foreach (var a in arguments.Where(a => a.Required))
                {
                    w.WriteLine($"if (v_{Naming.Identifier(a.Name)} is null) throw {Read}.Missing({Literal(a.Name)}, {Literal(Describe(a.Type!))});");
                }

                w.WriteLine("string? current = null;");
                w.OpenBlock("try");
                foreach (var a in arguments)
                {
                    string value = "v_" + Naming.Identifier(a.Name);
                    if (!a.Required)
                    {
                        w.OpenBlock($"if ({value} is not null)");
                    }

                    w.WriteLine($"current = {Literal(a.Name)};");
                    w.WriteLine($"a_{a.Name} = {_e.UriVariableExpression(a.Type!, value)};");
                    foreach (var check in _e.ValidationStatements(a.Type!, "a_" + a.Name, a.Validation))
                    {
                        w.WriteLine(check);
                    }

                    if (!a.Required)
                    {
                        w.CloseBlock();
                    }
                }

                w.CloseBlock();
                w.OpenBlock($"catch ({ArgumentException} e) when (current is not null)");
                w.WriteLine("throw e.AtProperty(current);");
                w.CloseBlock();
                w.CloseBlock();
            }

            private void EmitResourceList(SourceWriter w, ResourceListSpec list, string name)
            {
                var method = list.Method;
                w.WriteLine($"// Resource listing: {Display(method)}");
                w.OpenBlock($"private static async global::System.Collections.Generic.IAsyncEnumerable<global::ModelContextProtocol.Protocol.Resource> {name}(global::McpGen.McpRequestContext context)");
                EmitInvocation(w, method, "context", awaitCall: false, hasResult: true, $$"""
                    await foreach (var item in global::McpGen.Runtime.McpResourceLists.Enumerate(global::McpGen.Runtime.McpResourceLists.From(result), context.CancellationToken))
                    {
                        yield return item;
                    }
                    """);
                w.CloseBlock();
            }

            private void EmitPrompt(SourceWriter w, PromptSpec prompt, string id)
            {
                var method = prompt.Method;
                var arguments = Arguments(method);
                w.WriteLine($"// Prompt '{prompt.Name}': {Display(method)}");
                w.OpenBlock($"private static void BindPrompt_{id}(global::McpGen.McpPromptGet get{string.Concat(arguments.Select(a => $", out {a.Type!.DeclaredName} a_{a.Name}"))})");
                foreach (var a in arguments)
                {
                    w.WriteLine($"a_{a.Name} = {a.DefaultLiteral ?? "default!"};");
                }

                w.WriteLine($"var reader = new {Reader}(get.Arguments.Span);");
                w.WriteLine("reader.Read();");
                _e.EmitPropertyLoop(w, arguments.Select(a => new Member(a.Name, "a_" + a.Name, a.Required ? "has_" + a.Name : null, a.Type!, a.Required, a.Validation, _e.StringArgumentRead(a))).ToList());
                w.CloseBlock();
                w.WriteLine();

                bool isAsync = prompt.IsAsync || method.IsAsyncDisposable;
                w.OpenBlock($"private static {(isAsync ? "async " : string.Empty)}{ValueTask} Get_{id}(global::McpGen.McpPromptGet get)");
                w.WriteLine($"BindPrompt_{id}(get{string.Concat(arguments.Select(a => ", out var a_" + a.Name))});");
                string results = "global::McpGen.Runtime.McpPromptResults";
                string write = prompt.ReturnKind switch
                {
                    PromptReturnKind.Text => $"{results}.WriteText(get, result);",
                    PromptReturnKind.Message => $"{results}.WriteMessage(get, result);",
                    PromptReturnKind.Messages => $"{results}.WriteMessages(get, result);",
                    PromptReturnKind.Content => $"{results}.WriteContent(get, result);",
                    PromptReturnKind.Contents => $"{results}.WriteContents(get, result);",
                    _ => $"{results}.WriteResult(get, result);",
                };
                EmitInvocation(w, method, "get", prompt.IsAsync, hasResult: true, write);
                if (!isAsync)
                {
                    w.WriteLine("return default;");
                }

                w.CloseBlock();
            }

            private static void EmitCompletion(SourceWriter w, CompletionSpec completion, string name)
            {
                var method = completion.Method;
                w.WriteLine($"// Completion: {Display(method)}");
                bool isAsync = completion.IsAsync || method.IsAsyncDisposable;
                w.OpenBlock($"private static {(isAsync ? "async " : string.Empty)}{ValueTask}<{CompletionType}> {name}(global::McpGen.McpCompletionRequest request)");
                string from = "global::McpGen.Runtime.McpCompletions.From(result)";
                EmitInvocation(w, method, "request", completion.IsAsync, hasResult: true, isAsync ? $"return {from};" : $"return new({from});");
                w.CloseBlock();
            }

            private static List<ParameterSpec> Arguments(MethodSpec method) => method.Parameters.Where(p => p.Source == ParameterSource.Argument).ToList();

            private static string Display(MethodSpec method) => method.ContainingTypeName.Replace("global::", string.Empty) + "." + method.MethodName;

            private static void Optional(SourceWriter w, string property, string? value)
            {
                if (value is not null)
                {
                    w.WriteLine($"{property} = {Literal(value)},");
                }
            }

            private static string CacheScopeExpression(CacheScope value) => value switch
            {
                Model.CacheScope.Public => "global::McpGen.McpCacheScope.Public",
                Model.CacheScope.Private => "global::McpGen.McpCacheScope.Private",
                _ => "global::McpGen.McpCacheScope.Unspecified",
            };

            private static string? DefaultMimeType(ResourceReturnKind kind) => kind switch
            {
                ResourceReturnKind.Text or ResourceReturnKind.Primitive => "text/plain",
                ResourceReturnKind.Json => "application/json",
                ResourceReturnKind.Bytes or ResourceReturnKind.Memory or ResourceReturnKind.Stream => "application/octet-stream",
                _ => null,
            };

            private static string OperatorLiteral(char op) => op == '\0' ? "'\\0'" : "'" + op + "'";
        }

        /// <summary>
        /// Reads a prompt argument: a JSON string converted to the parameter's type. <c>null</c> means "not given" for
        /// optional arguments (the default stays) and is an error for required ones.
        /// </summary>
        private string StringArgumentRead(ParameterSpec argument)
        {
            var type = argument.Type!;
            string core = ParseExpression(type, $"{Read}.String(ref reader)");
            return type.AcceptsNull ? $"reader.TokenType == {TokenType}.Null ? default({type.DeclaredName}) : {core}"
                : argument.DefaultLiteral is not null ? $"reader.TokenType == {TokenType}.Null ? a_{argument.Name} : {core}"
                : core;
        }

        /// <summary>
        /// An expression converting a URI template variable to <paramref name="type"/>: stricter than
        /// <see cref="ParseExpression"/>, because a URI names one resource and an alias (<c>01</c>, <c>1%00</c>) must
        /// not reach the same one. Integers must be canonical; no variable may contain NUL.
        /// </summary>
        private string UriVariableExpression(TypeRefSpec type, string raw)
        {
            var inner = type.Kind == JsonShape.Nullable ? type.Element! : type;
            return inner.Kind switch
            {
                JsonShape.Byte or JsonShape.SByte or JsonShape.Int16 or JsonShape.UInt16 or JsonShape.Int32 or JsonShape.UInt32 or JsonShape.Int64 or JsonShape.UInt64
                    => $"{StringValue}.UriInteger<{inner.TypeName}>({raw}, {Literal(Describe(inner))})",
                _ => ParseExpression(type, $"{StringValue}.UriText({raw})"),
            };
        }

        /// <summary>An expression converting the string <paramref name="raw"/> to <paramref name="type"/>.</summary>
        private string ParseExpression(TypeRefSpec type, string raw)
        {
            var inner = type.Kind == JsonShape.Nullable ? type.Element! : type;
            return inner.Kind switch
            {
                JsonShape.String => raw,
                JsonShape.Boolean => $"{StringValue}.Boolean({raw})",
                JsonShape.Uri => $"{StringValue}.Uri({raw})",
                JsonShape.Enum => $"{EnumParserMethod(inner)}({raw})",
                _ => $"{StringValue}.Parse<{inner.TypeName}>({raw}, {Literal(Describe(inner))})",
            };
        }

        private string EnumParserMethod(TypeRefSpec type)
        {
            string name = "ParseEnum_" + Mangle(type);
            _enumParsers[name] = type;
            return name;
        }

        private static void EmitEnumParser(SourceWriter w, string name, TypeRefSpec type)
        {
            w.OpenBlock($"private static {type.TypeName} {name}(string value)");
            foreach (var member in type.EnumMembers)
            {
                string condition = member.JsonName == member.Name
                    ? $"string.Equals(value, {Literal(member.JsonName)}, global::System.StringComparison.OrdinalIgnoreCase)"
                    : $"string.Equals(value, {Literal(member.JsonName)}, global::System.StringComparison.OrdinalIgnoreCase) || string.Equals(value, {Literal(member.Name)}, global::System.StringComparison.OrdinalIgnoreCase)";
                w.WriteLine($"if ({condition}) return {type.TypeName}.{Id(member.Name)};");
            }

            w.WriteLine($"throw {StringValue}.UnknownEnumValue(value, {Literal(string.Join(", ", type.EnumMembers.Select(m => "'" + m.JsonName + "'")))});");
            w.CloseBlock();
        }
    }
}
