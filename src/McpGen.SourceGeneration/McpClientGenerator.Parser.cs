using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpGen.SourceGeneration;

/// <summary>Turns an <c>[McpClient]</c> interface into a <see cref="ClientSpec"/>; the only client code that reads symbols.</summary>
internal static class ClientParser
{
    public const string ClientAttribute = "McpGen.Client.McpClientAttribute";
    private const string ToolAttribute = "McpGen.Client.McpRemoteToolAttribute";
    private const string ResourceAttribute = "McpGen.Client.McpRemoteResourceAttribute";
    private const string PromptAttribute = "McpGen.Client.McpRemotePromptAttribute";
    private const string ArgumentAttribute = "McpGen.Client.McpRemoteArgumentAttribute";
    private const string GeneratedClientInterface = "McpGen.Client.IMcpGeneratedClient`1";

    private static readonly SymbolDisplayFormat s_declaredFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static ParseResult<ClientSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var location = LocationInfo.From(type.Locations.FirstOrDefault());
        var diagnostics = new List<DiagnosticInfo>();
        try
        {
            var spec = Parse(context, type, location, diagnostics, cancellationToken);
            return new ParseResult<ClientSpec>(diagnostics.Any(d => DiagnosticDescriptors.IsError(d.Id)) ? null : spec, diagnostics.ToEquatableArray());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            diagnostics.Add(Diagnostic(DiagnosticIds.InternalError, location, type.Name, ex.GetType().Name + ": " + ex.Message));
            return new ParseResult<ClientSpec>(null, diagnostics.ToEquatableArray());
        }
    }

    private static ClientSpec? Parse(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, LocationInfo? location, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var languageVersion = ((CSharpParseOptions)context.TargetNode.SyntaxTree.Options).LanguageVersion;
        if (languageVersion < LanguageVersion.CSharp11)
        {
            diagnostics.Add(Diagnostic(DiagnosticIds.LanguageVersion, location, languageVersion.ToDisplayString()));
        }

        bool partial = type.DeclaringSyntaxReferences.All(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
            && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));
        if (!partial || type.IsGenericType || type.ContainingType is not null)
        {
            diagnostics.Add(Diagnostic(DiagnosticIds.ClientNotPartial, location, type.Name));
        }

        if (type.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
        {
            diagnostics.Add(Diagnostic(DiagnosticIds.ClientNotPartial, location, type.Name));
        }

        if (diagnostics.Count > 0)
        {
            return null;
        }

        var types = new TypeModelBuilder(context.SemanticModel.Compilation, cancellationToken);
        var calls = new List<RemoteCallSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var owner in new[] { type }.Concat(type.AllInterfaces))
        {
            // The generated class implements these itself: disposing a typed client disposes the client it owns.
            if (TypeModelBuilder.MetadataName(owner.OriginalDefinition) is GeneratedClientInterface or "System.IDisposable" or "System.IAsyncDisposable")
            {
                continue;
            }

            foreach (var member in owner.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member.IsStatic || !member.IsAbstract)
                {
                    // Static members and default implementations are the user's own code.
                    continue;
                }

                var memberLocation = LocationInfo.From(member.Locations.FirstOrDefault()) ?? location;
                if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
                {
                    if (member is not IMethodSymbol)
                    {
                        diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteMethod, memberLocation, member.Name, type.Name,
                            "only methods can call the server; give properties and events a default implementation or remove them"));
                    }

                    continue;
                }

                if (ParseCall(method, type, types, memberLocation, diagnostics, cancellationToken) is { } call)
                {
                    if (!seen.Add(call.MethodName + "(" + string.Join(",", call.Parameters.Select(p => p.DeclaredType)) + ")"))
                    {
                        continue;
                    }

                    calls.Add(call);
                }
            }
        }

        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        return new ClientSpec(
            ns,
            type.Name,
            TypeModelBuilder.TypeName(type),
            (ns is null ? string.Empty : ns + ".") + type.Name,
            calls.ToEquatableArray(),
            types.Objects.ToEquatableArray());
    }

    private static RemoteCallSpec? ParseCall(IMethodSymbol method, INamedTypeSymbol client, TypeModelBuilder types, LocationInfo? location, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        int errors = diagnostics.Count;
        var attributes = method.GetAttributes()
            .Where(a => a.AttributeClass is { } c && TypeModelBuilder.MetadataName(c) is ToolAttribute or ResourceAttribute or PromptAttribute)
            .ToList();
        string display = method.ContainingType.Name + "." + method.Name;
        if (attributes.Count == 0)
        {
            diagnostics.Add(Diagnostic(DiagnosticIds.RemoteMethodWithoutTarget, location, display, client.Name));
            return null;
        }

        if (attributes.Count > 1)
        {
            diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteMethod, location, display, client.Name, "it has more than one of [McpRemoteTool], [McpRemoteResource] and [McpRemotePrompt]; one method calls one thing"));
            return null;
        }

        var attribute = attributes[0];
        var kind = TypeModelBuilder.MetadataName(attribute.AttributeClass!) switch
        {
            ToolAttribute => RemoteKind.Tool,
            ResourceAttribute => RemoteKind.Resource,
            _ => RemoteKind.Prompt,
        };
        string? explicitName = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
        bool retryable = false;
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key is "Name" or "Uri" && named.Value.Value is string value)
            {
                explicitName = value;
            }
            else if (named.Key is "ReadOnly" or "Idempotent" && named.Value.Value is true)
            {
                retryable = kind == RemoteKind.Tool;
            }
        }

        string remoteName;
        if (kind == RemoteKind.Resource)
        {
            if (string.IsNullOrEmpty(explicitName))
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteMethod, location, display, client.Name, "[McpRemoteResource] needs the resource's URI or URI template"));
                return null;
            }

            remoteName = explicitName!;
        }
        else
        {
            remoteName = string.IsNullOrEmpty(explicitName) ? Naming.ToolName(method.Name) : explicitName!;
            if (!Naming.IsValidToolName(remoteName))
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.InvalidToolName, location, kind == RemoteKind.Tool ? "tool" : "prompt", remoteName));
                return null;
            }
        }

        if (method.IsGenericMethod)
        {
            diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteMethod, location, display, client.Name, "generic methods cannot be generated"));
        }

        // Parameters.
        var parameters = new List<RemoteParameterSpec>();
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        var headers = new List<HeaderParameterSpec>();
        bool hasToken = false;
        foreach (var parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parameterLocation = LocationInfo.From(parameter.Locations.FirstOrDefault()) ?? location;
            string declared = parameter.Type.ToDisplayString(s_declaredFormat);
            if (parameter.RefKind != RefKind.None || parameter.IsParams || parameter.Type.TypeKind == TypeKind.Pointer)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteParameter, parameterLocation, parameter.Name, display, "ref, out, in, params and pointer parameters cannot be sent"));
                continue;
            }

            if (parameter.Type is INamedTypeSymbol named && TypeModelBuilder.MetadataName(named) == "System.Threading.CancellationToken")
            {
                if (hasToken)
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteParameter, parameterLocation, parameter.Name, display, "the method already has a CancellationToken; one cancels the call"));
                    continue;
                }

                hasToken = true;
                parameters.Add(new RemoteParameterSpec(parameter.Name, declared, parameter.Name, null));
                continue;
            }

            string wireName = TypeModelBuilder.AttributeString(parameter, ArgumentAttribute) is { Length: > 0 } renamed ? renamed : parameter.Name;
            var typeRef = types.Build(parameter.Type, out var problem);
            if (typeRef is not null && problem is null)
            {
                problem = kind switch
                {
                    RemoteKind.Tool => types.OutputProblem(typeRef),
                    RemoteKind.Prompt => typeRef.Kind == JsonShape.String ? null : "prompt arguments are strings; declare it as string",
                    _ => typeRef.Kind is JsonShape.String or JsonShape.Int32 or JsonShape.Int64 or JsonShape.Guid ? null : "URI template variables are strings; declare it as string, int, long or Guid",
                };
            }

            if (typeRef is null || problem is not null)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteParameter, parameterLocation, parameter.Name, display, problem ?? "unsupported type"));
                rejected.Add(wireName);
                continue;
            }

            string? headerName = kind == RemoteKind.Tool
                ? McpServerGenerator.Parser.HeaderParameter(parameter, typeRef, parameterLocation, $"tool '{remoteName}'", headers, diagnostics)
                : null;
            parameters.Add(new RemoteParameterSpec(parameter.Name, declared, wireName, typeRef) { HeaderName = headerName });
        }

        var template = EquatableArray<TemplatePartSpec>.Empty;
        if (kind == RemoteKind.Resource)
        {
            var parts = UriTemplateParser.Parse(remoteName, out string? templateError);
            if (parts is null)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteMethod, location, display, client.Name, $"'{remoteName}' is not a valid URI template: {templateError}"));
                return null;
            }

            var variables = new HashSet<string>(StringComparer.Ordinal);
            foreach (var part in parts.Where(p => p.Literal is null))
            {
                if (part.Operator is not ('\0' or '+'))
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteMethod, location, display, client.Name, $"the URI template operator '{part.Operator}' is not supported in clients; use {{name}} or {{+name}}"));
                    return null;
                }

                foreach (string variable in part.Variables)
                {
                    variables.Add(variable);
                    if (!rejected.Contains(variable) && !parameters.Any(p => !p.IsCancellationToken && p.WireName == variable))
                    {
                        diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteMethod, location, display, client.Name, $"the URI template variable '{variable}' has no parameter of that name"));
                    }
                }
            }

            foreach (var parameter in parameters.Where(p => !p.IsCancellationToken && !variables.Contains(p.WireName)))
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteParameter, location, parameter.Name, display, $"'{remoteName}' has no variable '{parameter.WireName}'; a resource read sends only its URI"));
            }

            template = parts.ToEquatableArray();
        }

        // Return type.
        var returnType = method.ReturnType as INamedTypeSymbol;
        string returnMetadata = returnType is null ? string.Empty : TypeModelBuilder.MetadataName(returnType.OriginalDefinition);
        bool valueTask = returnMetadata is "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.ValueTask`1";
        if (returnMetadata is not ("System.Threading.Tasks.Task" or "System.Threading.Tasks.Task`1") && !valueTask)
        {
            diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteReturn, location, display, method.ReturnType.ToDisplayString(), "return Task, Task<T>, ValueTask or ValueTask<T>: the call goes over the network"));
            return null;
        }

        RemoteResultKind result = RemoteResultKind.None;
        TypeRefSpec? resultType = null;
        string? resultTypeName = null;
        if (returnType!.TypeArguments.Length == 1)
        {
            var t = returnType.TypeArguments[0];
            resultTypeName = t.ToDisplayString(s_declaredFormat);
            string metadata = t is INamedTypeSymbol nt ? TypeModelBuilder.MetadataName(nt) : string.Empty;
            string? rawType = kind switch
            {
                RemoteKind.Tool => "ModelContextProtocol.Protocol.CallToolResult",
                RemoteKind.Resource => "ModelContextProtocol.Protocol.ReadResourceResult",
                _ => "ModelContextProtocol.Protocol.GetPromptResult",
            };
            if (metadata == rawType)
            {
                result = RemoteResultKind.Raw;
            }
            else if (t.SpecialType == SpecialType.System_String)
            {
                result = RemoteResultKind.Text;
            }
            else if (kind == RemoteKind.Resource && t is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte })
            {
                result = RemoteResultKind.Bytes;
            }
            else if (kind == RemoteKind.Prompt)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteReturn, location, display, method.ReturnType.ToDisplayString(), "a prompt returns GetPromptResult or string (the text of its messages)"));
                return null;
            }
            else
            {
                resultType = types.Build(t, out var problem);
                problem ??= resultType is null ? "unsupported type" : types.InputProblem(resultType);
                if (resultType is null || problem is not null)
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedRemoteReturn, location, display, method.ReturnType.ToDisplayString(), problem!));
                    return null;
                }

                result = RemoteResultKind.Value;
            }
        }

        if (diagnostics.Skip(errors).Any(d => DiagnosticDescriptors.IsError(d.Id)))
        {
            return null;
        }

        return new RemoteCallSpec(
            kind,
            remoteName,
            method.Name,
            method.ReturnType.ToDisplayString(s_declaredFormat),
            valueTask,
            result,
            resultType,
            resultTypeName,
            parameters.ToEquatableArray(),
            template)
        {
            Retryable = retryable,
        };
    }

    private static DiagnosticInfo Diagnostic(string id, LocationInfo? location, params string[] arguments) =>
        new(id, location, arguments.ToEquatableArray());
}
