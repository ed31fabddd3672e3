using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using McpGen.SourceGeneration.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpGen.SourceGeneration.Analyzers;

/// <summary>
/// Flags state in tool classes that outlives a request and so breaks stateless scale-out: mutable static fields and
/// properties (MCPG5001), instance fields written outside the constructor (MCPG5002), static events (MCPG5003),
/// <c>[ThreadStatic]</c> and static <c>AsyncLocal</c>/<c>ThreadLocal</c> stores (MCPG5004) and per-process caches
/// (MCPG5005); and <c>[McpProcessLocal]</c> opt-outs that give no reason (MCPG5007).
/// </summary>
/// <remarks>
/// Silent: constants; <c>static readonly</c> values of immutable types (strings, primitives, immutable and frozen
/// collections, records with init-only members, <c>Regex</c>, <c>JsonSerializerOptions</c>, <c>HttpClient</c>...);
/// computed properties; instance fields written only by constructors; anything marked <c>[McpProcessLocal]</c>.
/// State outside tool classes that handlers reach through calls is MCPG5006 (<see cref="HandlerReachabilityAnalyzer"/>).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ServerStateAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MutableStaticState,
        DiagnosticDescriptors.InstanceFieldWrittenOutsideConstructor,
        DiagnosticDescriptors.StaticEvent,
        DiagnosticDescriptors.ThreadOrFlowLocalStore,
        DiagnosticDescriptors.ProcessLocalCache,
        DiagnosticDescriptors.ProcessLocalWithoutReason,
        DiagnosticDescriptors.PerInstanceThrottle,
        DiagnosticDescriptors.PerUserDataInProcessCache,
        DiagnosticDescriptors.UseFrozenCollection);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (McpSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterSymbolAction(c => AnalyzeMember(c, symbols), SymbolKind.Field, SymbolKind.Property, SymbolKind.Event);
            start.RegisterSymbolAction(c => AnalyzeMethod(c, symbols), SymbolKind.Method);
            start.RegisterSymbolAction(c => CheckReason(c, c.Symbol, symbols), SymbolKind.NamedType);
            start.RegisterSymbolStartAction(c => AnalyzeInstanceWrites(c, symbols), SymbolKind.NamedType);
            start.RegisterOperationAction(c => AnalyzeSession(c, symbols), OperationKind.PropertyReference);
            start.RegisterOperationAction(c => AnalyzeCacheWrite(c, symbols), OperationKind.Invocation);
        });
    }

    private static void AnalyzeMember(SymbolAnalysisContext context, McpSymbols symbols)
    {
        var member = context.Symbol;
        CheckReason(context, member, symbols);
        if (!symbols.IsToolClass(member.ContainingType) || symbols.IsDeclaredProcessLocal(member) || DecidedByWrites(member, symbols)
            || StateKinds.Classify(member, symbols) is not { } finding)
        {
            return;
        }

        context.ReportDiagnostic(Create(member, finding));
    }

    private static Diagnostic Create(ISymbol member, StateFinding finding)
    {
        var location = member.Locations.FirstOrDefault();
        return finding.Rule.Id switch
        {
            DiagnosticIds.StaticEvent or DiagnosticIds.PerInstanceThrottle => Diagnostic.Create(finding.Rule, location, member.Name),
            _ => Diagnostic.Create(finding.Rule, location, member.Name, finding.Description),
        };
    }

    /// <summary>
    /// Private statics of a tool class that are judged by their writes (read-only collections, lazily built values):
    /// every write is in the class itself, so its symbol-end action decides (<see cref="AnalyzeInstanceWrites"/>).
    /// Nested types would write from outside that scope, so their containers keep the judgement by type.
    /// </summary>
    private static bool DecidedByWrites(ISymbol member, McpSymbols symbols) =>
        member is IFieldSymbol { DeclaredAccessibility: Accessibility.Private } field
        && field.ContainingType.GetTypeMembers().IsEmpty
        && StateWrites.JudgedByWrites(field, symbols.Types);

    /// <summary>Caches injected into a tool class's constructor or a handler: MCPG5005 at the parameter.</summary>
    private static void AnalyzeMethod(SymbolAnalysisContext context, McpSymbols symbols)
    {
        var method = (IMethodSymbol)context.Symbol;
        CheckReason(context, method, symbols);
        foreach (var parameter in method.Parameters)
        {
            CheckReason(context, parameter, symbols);
        }

        if (!symbols.IsToolClass(method.ContainingType) || method.IsImplicitlyDeclared)
        {
            return;
        }

        foreach (var parameter in method.Parameters)
        {
            if (StateKinds.CacheName(parameter.Type) is { } cache && !symbols.IsDeclaredProcessLocal(parameter))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProcessLocalCache, parameter.Locations.FirstOrDefault(), parameter.Name, cache));
            }
        }
    }

    private static void AnalyzeSession(OperationAnalysisContext context, McpSymbols symbols)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property.Name == "Session"
            && MutableTypes.MetadataName(reference.Property.ContainingType) == "Microsoft.AspNetCore.Http.HttpContext"
            && symbols.IsToolClass(context.ContainingSymbol.ContainingType)
            && !symbols.IsDeclaredProcessLocal(context.ContainingSymbol))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProcessLocalCache, reference.Syntax.GetLocation(), "HttpContext.Session", "session state"));
        }
    }

    /// <summary>
    /// MCPG5021: a memory cache written with a key built from the request (a handler parameter, the caller): per-user
    /// data that a later call, possibly on another instance, expects to find. Keys built from constants are the cache
    /// of data that is the same on every instance, left to MCPG5005's Info.
    /// </summary>
    private static void AnalyzeCacheWrite(OperationAnalysisContext context, McpSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!symbols.IsToolClass(context.ContainingSymbol.ContainingType) || symbols.IsDeclaredProcessLocal(context.ContainingSymbol)
            || CacheWrites.PerRequestKey(invocation, context.ContainingSymbol) is not { } write || symbols.IsDeclaredProcessLocal(write.Cache))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PerUserDataInProcessCache, invocation.Syntax.GetLocation(), write.Cache.Name, write.CacheType, write.KeySource));
    }

    /// <summary>MCPG5007: an opt-out must say why, so review can judge it.</summary>
    private static void CheckReason(SymbolAnalysisContext context, ISymbol symbol, McpSymbols symbols)
    {
        if (symbols.ProcessLocalAttributeOf(symbol) is not { } attribute)
        {
            return;
        }

        // The code fix writes a "TODO: ..." reason; it counts as none until someone replaces it.
        bool hasReason = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string reason
            && !string.IsNullOrWhiteSpace(reason) && !reason.TrimStart().StartsWith("TODO", System.StringComparison.OrdinalIgnoreCase);
        if (!hasReason)
        {
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? symbol.Locations.FirstOrDefault();
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProcessLocalWithoutReason, location, symbol.Name));
        }
    }

    /// <summary>MCPG5002: fields and auto-properties of a tool class assigned anywhere but its constructors and initializers.</summary>
    private static void AnalyzeInstanceWrites(SymbolStartAnalysisContext context, McpSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!symbols.IsToolClass(type))
        {
            return;
        }

        // The first writer in source order, so the message does not depend on analysis order.
        var writes = new Dictionary<ISymbol, ISymbol>(SymbolEqualityComparer.Default);
        var staticUses = new Dictionary<ISymbol, FieldUse>(SymbolEqualityComparer.Default);
        context.RegisterOperationAction(
            c =>
            {
                var reference = (IFieldReferenceOperation)c.Operation;
                if (reference.Field.IsStatic
                    && SymbolEqualityComparer.Default.Equals(reference.Field.ContainingType.OriginalDefinition, type.OriginalDefinition)
                    && c.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.StaticConstructor } and not IFieldSymbol and not IPropertySymbol
                    && DecidedByWrites(reference.Field.OriginalDefinition, symbols)
                    && StateWrites.Use(reference, c.ContainingSymbol, symbols.Types) is var use and not FieldUse.Read)
                {
                    lock (staticUses)
                    {
                        // Change wins over initialization.
                        staticUses[reference.Field.OriginalDefinition] = staticUses.TryGetValue(reference.Field.OriginalDefinition, out var seen) && seen > use ? seen : use;
                    }
                }
            },
            OperationKind.FieldReference);
        context.RegisterOperationAction(
            c =>
            {
                var target = c.Operation switch
                {
                    ISimpleAssignmentOperation a => a.Target,
                    ICompoundAssignmentOperation a => a.Target,
                    ICoalesceAssignmentOperation a => a.Target,
                    IIncrementOrDecrementOperation a => a.Target,
                    _ => null,
                };
                var writer = c.ContainingSymbol;
                if (WrittenMember(target, type) is not { } member
                    || writer is IMethodSymbol { MethodKind: MethodKind.Constructor } or IMethodSymbol { IsInitOnly: true } or IFieldSymbol or IPropertySymbol)
                {
                    return;
                }

                lock (writes)
                {
                    if (!writes.TryGetValue(member, out var existing) || Earlier(writer, existing))
                    {
                        writes[member] = writer;
                    }
                }
            },
            OperationKind.SimpleAssignment,
            OperationKind.CompoundAssignment,
            OperationKind.CoalesceAssignment,
            OperationKind.Increment,
            OperationKind.Decrement);

        context.RegisterSymbolEndAction(c =>
        {
            // Statics judged by their writes: state only when something changes them after initialization.
            foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
            {
                FieldUse use;
                lock (staticUses)
                {
                    staticUses.TryGetValue(field, out use);
                }

                if (!DecidedByWrites(field, symbols) || symbols.IsDeclaredProcessLocal(field))
                {
                    continue;
                }

                if (StateWrites.IsState(field, use == FieldUse.Change, use == FieldUse.Initialization))
                {
                    if (StateKinds.Classify(field, symbols) is { } finding)
                    {
                        c.ReportDiagnostic(Create(field, finding));
                    }
                }
                else if (field.IsReadOnly && StateWrites.FrozenAlternative(field) is { } frozen)
                {
                    // Not state: a suggestion (hidden, with a code fix) to say so in the type.
                    c.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UseFrozenCollection, field.Locations.FirstOrDefault(), field.Name, frozen));
                }
            }

            lock (writes)
            {
                foreach (var pair in writes)
                {
                    if (!symbols.IsDeclaredProcessLocal(pair.Key))
                    {
                        c.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InstanceFieldWrittenOutsideConstructor, pair.Key.Locations.FirstOrDefault(), pair.Key.Name, McpSymbols.Display(pair.Value)));
                    }
                }
            }
        });
    }

    private static ISymbol? WrittenMember(IOperation? target, INamedTypeSymbol type)
    {
        switch (target)
        {
            case IFieldReferenceOperation { Field: { IsStatic: false, IsImplicitlyDeclared: false } field, Instance: IInstanceReferenceOperation }
                when SymbolEqualityComparer.Default.Equals(field.ContainingType.OriginalDefinition, type.OriginalDefinition):
                return field.OriginalDefinition;
            case IPropertyReferenceOperation { Property: { IsStatic: false } property, Instance: IInstanceReferenceOperation }
                when SymbolEqualityComparer.Default.Equals(property.ContainingType.OriginalDefinition, type.OriginalDefinition) && MutableTypes.IsAutoProperty(property):
                return property.OriginalDefinition;
            default:
                return null;
        }
    }

    private static bool Earlier(ISymbol candidate, ISymbol existing)
    {
        var a = candidate.Locations.FirstOrDefault();
        var b = existing.Locations.FirstOrDefault();
        if (a is null || b is null)
        {
            return false;
        }

        int byFile = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
        return byFile < 0 || (byFile == 0 && a.SourceSpan.Start < b.SourceSpan.Start);
    }
}
