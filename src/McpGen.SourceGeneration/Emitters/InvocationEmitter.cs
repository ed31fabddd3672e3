using System.Collections.Generic;
using System.Linq;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.CSharp;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>Calls to attributed methods: the instance, each parameter's value, the call, and disposal.</summary>
internal static class InvocationEmitter
{
    /// <summary>
    /// Creates the method's class when it is an instance method, calls the method with each parameter taken from
    /// <paramref name="context"/>, runs <paramref name="afterCall"/> (which sees the value as <c>result</c>), and
    /// disposes the instance.
    /// </summary>
    internal static void EmitInvocation(SourceWriter w, MethodSpec method, string context, bool awaitCall, bool hasResult, string afterCall)
    {
        string target = method.ContainingTypeName;
        if (!method.IsStatic)
        {
            string ctorArgs = string.Join(", ", method.ConstructorServices.Select(s => $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<{s}>({context}.Services)"));
            w.WriteLine($"var instance = new {method.ContainingTypeName}({ctorArgs});");
            target = "instance";
        }

        string callArgs = string.Join(", ", method.Parameters.Select(p => ArgumentExpression(p, context)));
        string invocation = $"{target}.{Id(method.MethodName)}({callArgs})";
        if (method.Disposes)
        {
            w.OpenBlock("try");
        }

        if (!hasResult)
        {
            w.WriteLine(awaitCall ? $"await {invocation}.ConfigureAwait(false);" : invocation + ";");
        }
        else
        {
            w.WriteLine(awaitCall ? $"var result = await {invocation}.ConfigureAwait(false);" : $"var result = {invocation};");
        }

        w.WriteLine(afterCall);
        if (method.Disposes)
        {
            w.CloseBlock();
            w.OpenBlock("finally");
            w.WriteLine(method.IsAsyncDisposable ? "await instance.DisposeAsync().ConfigureAwait(false);" : "instance.Dispose();");
            w.CloseBlock();
        }
    }

    /// <summary>The value passed for a parameter, by where it comes from.</summary>
    private static string ArgumentExpression(ParameterSpec p, string context) => p.Source switch
    {
        ParameterSource.Argument => "a_" + p.Name,
        ParameterSource.CancellationToken => context + ".CancellationToken",
        ParameterSource.Progress => context + ".Progress",
        ParameterSource.RequestContext => context,
        ParameterSource.Input => context + ".Input",
        ParameterSource.ServiceProvider => context + ".Services",
        ParameterSource.CompletionValue => context + ".Value",
        ParameterSource.ContextArgument => $"global::System.Collections.Generic.CollectionExtensions.GetValueOrDefault({context}.ContextArguments, {Literal(p.Name)})",
        ParameterSource.ContextArguments => context + ".ContextArguments",
        _ when p.ServiceKeyLiteral is not null => p.Required
            ? $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions.GetRequiredKeyedService<{p.ServiceTypeName}>({context}.Services, {p.ServiceKeyLiteral})"
            : $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions.GetKeyedService<{p.ServiceTypeName}>({context}.Services, {p.ServiceKeyLiteral})",
        _ => p.Required
            ? $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<{p.ServiceTypeName}>({context}.Services)"
            : $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetService<{p.ServiceTypeName}>({context}.Services)",
    };

    /// <summary>The parameters bound from request input (tool or prompt arguments, URI variables).</summary>
    internal static List<ParameterSpec> Arguments(MethodSpec method) => method.Parameters.Where(p => p.Source == ParameterSource.Argument).ToList();

    /// <summary>The method as named in comments of generated code.</summary>
    internal static string Display(MethodSpec method) => method.ContainingTypeName.Replace("global::", string.Empty) + "." + method.MethodName;
}
