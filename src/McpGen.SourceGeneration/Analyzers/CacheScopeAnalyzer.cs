using System.Collections.Immutable;
using System.Linq;
using McpGen.SourceGeneration.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpGen.SourceGeneration.Analyzers;

/// <summary>
/// MCPG8001: a resource read or resource listing marked <c>CacheScope = McpCacheScope.Public</c> whose body reads who
/// the caller is (<c>McpRequestContext.User</c>, <c>HttpContext.User</c>, <c>IHttpContextAccessor.HttpContext</c>).
/// Public results may be kept by shared caches and handed to any caller, so a per-caller result must be private.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CacheScopeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.PublicResultReadsIdentity);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            var resource = compilation.GetTypeByMetadataName("McpGen.McpResourceAttribute");
            var resourceList = compilation.GetTypeByMetadataName("McpGen.McpResourceListAttribute");
            var scope = compilation.GetTypeByMetadataName("McpGen.McpCacheScope");
            var requestContext = compilation.GetTypeByMetadataName("McpGen.McpRequestContext");
            if (resource is null || scope?.GetMembers("Public").FirstOrDefault() is not IFieldSymbol { ConstantValue: { } publicValue })
            {
                return;
            }

            var identity = new Identity(
                requestContext,
                compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext"),
                compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IHttpContextAccessor"));
            start.RegisterOperationBlockStartAction(block =>
            {
                if (block.OwningSymbol is not IMethodSymbol method)
                {
                    return;
                }

                var attribute = method.GetAttributes().FirstOrDefault(a =>
                    SymbolEqualityComparer.Default.Equals(a.AttributeClass, resource) || SymbolEqualityComparer.Default.Equals(a.AttributeClass, resourceList));
                if (attribute is null || !attribute.NamedArguments.Any(a => a.Key == "CacheScope" && Equals(a.Value.Value, publicValue)))
                {
                    return;
                }

                string name = attribute.ConstructorArguments.FirstOrDefault().Value as string ?? method.Name;
                block.RegisterOperationAction(
                    c =>
                    {
                        var property = ((IPropertyReferenceOperation)c.Operation).Property;
                        if (identity.Describe(property) is { } what)
                        {
                            c.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PublicResultReadsIdentity, c.Operation.Syntax.GetLocation(), name, what));
                        }
                    },
                    OperationKind.PropertyReference);
            });
        });
    }

    /// <summary>The properties that say who the caller is.</summary>
    private sealed class Identity(INamedTypeSymbol? requestContext, INamedTypeSymbol? httpContext, INamedTypeSymbol? httpContextAccessor)
    {
        public string? Describe(IPropertySymbol property)
        {
            var type = property.ContainingType;
            return property.Name switch
            {
                "User" when Is(type, requestContext) => "McpRequestContext.User",
                "User" when Is(type, httpContext) => "HttpContext.User",
                "HttpContext" when Is(type, httpContextAccessor) => "IHttpContextAccessor.HttpContext",
                _ => null,
            };
        }

        private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected)
        {
            for (var t = type; t is not null && expected is not null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, expected))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
