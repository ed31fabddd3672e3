using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using McpGen.SourceGeneration.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpGen.SourceGeneration.Analyzers;

/// <summary>
/// Follows calls from tool classes into the rest of the project and reports, once the whole compilation has been seen,
/// static state the handlers reach (MCPG5006) and calls in reached methods that drop the token (MCPG6003).
/// </summary>
/// <remarks>
/// The call graph is built from invocations, object creations, property accesses and method references to members of
/// this assembly. Calls through an interface or a virtual member continue into every implementation or override in the
/// assembly, so a store injected as <c>IStore</c> is followed into <c>InMemoryStore</c>. Code in tool classes is left to
/// the live analyzers (<see cref="ServerStateAnalyzer"/>, <see cref="CancellationAnalyzer"/>), so nothing is reported twice.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HandlerReachabilityAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.StaticStateReachedFromHandler,
        DiagnosticDescriptors.CancellationTokenNotForwardedInCalledCode,
        DiagnosticDescriptors.SingletonServiceState);

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

            var graph = new CallGraph(symbols);
            start.RegisterOperationAction(
                graph.Record,
                OperationKind.Invocation,
                OperationKind.ObjectCreation,
                OperationKind.PropertyReference,
                OperationKind.FieldReference,
                OperationKind.EventReference,
                OperationKind.MethodReference);
            start.RegisterSymbolAction(graph.RecordType, SymbolKind.NamedType);
            start.RegisterCompilationEndAction(graph.Report);
        });
    }

    private sealed class CallGraph
    {
        private readonly McpSymbols _symbols;
        private readonly ConcurrentDictionary<ISymbol, Node> _nodes = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, ConcurrentBag<ISymbol>> _implementations = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentBag<ISymbol> _roots = [];
        private readonly ConcurrentDictionary<ISymbol, FieldUse> _staticUses = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, string> _singletons = new(SymbolEqualityComparer.Default);

        public CallGraph(McpSymbols symbols) => _symbols = symbols;

        public void Record(OperationAnalysisContext context)
        {
            var owner = context.ContainingSymbol;
            if (owner is not IMethodSymbol)
            {
                return; // field and property initializers run once, not per request
            }

            var node = _nodes.GetOrAdd(owner.OriginalDefinition, static _ => new Node());
            switch (context.Operation)
            {
                case IInvocationOperation invocation:
                    AddCallee(node, invocation.TargetMethod);
                    RecordSingleton(invocation);
                    if (!_symbols.IsToolClass(owner.ContainingType)
                        && CancellationForwarding.TryFind(invocation, owner, _symbols, out var properties, out var arguments))
                    {
                        node.DroppedTokens.Add((invocation.Syntax.GetLocation(), properties, arguments));
                    }

                    break;
                case IObjectCreationOperation { Constructor: { } constructor }:
                    AddCallee(node, constructor);
                    break;
                case IMethodReferenceOperation reference:
                    AddCallee(node, reference.Method);
                    break;
                case IPropertyReferenceOperation { Property: var property } propertyReference:
                    AddCallee(node, property.GetMethod);
                    AddCallee(node, property.SetMethod);
                    AddState(node, property);
                    if (property is { IsStatic: false, IsIndexer: false } && propertyReference.Instance is IInstanceReferenceOperation && IsAssigned(propertyReference)
                        && owner is not IMethodSymbol { MethodKind: MethodKind.Constructor } && _symbols.IsInThisAssembly(property) && MutableTypes.IsAutoProperty(property))
                    {
                        node.InstanceChanges.Add(property.OriginalDefinition);
                    }

                    break;
                case IFieldReferenceOperation { Field: var field } fieldReference:
                    AddState(node, field);
                    RecordChange(node, fieldReference, owner);
                    break;
                case IEventReferenceOperation { Event: var @event }:
                    AddState(node, @event);
                    break;
            }
        }

        /// <summary>
        /// Static fields judged by their writes (read-only collections, lazily built values) count as state only once
        /// some method changes them; instance fields changed outside constructors are state when their class is a
        /// singleton service (MCPG5022).
        /// </summary>
        private void RecordChange(Node node, IFieldReferenceOperation reference, ISymbol owner)
        {
            var field = reference.Field;
            if (!_symbols.IsInThisAssembly(field) || field.IsImplicitlyDeclared)
            {
                return;
            }

            if (field.IsStatic)
            {
                if (owner is not IMethodSymbol { MethodKind: MethodKind.StaticConstructor } && StateWrites.JudgedByWrites(field, _symbols.Types)
                    && StateWrites.Use(reference, owner, _symbols.Types) is var use and not FieldUse.Read)
                {
                    _staticUses.AddOrUpdate(field.OriginalDefinition, use, (_, seen) => seen > use ? seen : use);
                }
            }
            else if (reference.Instance is IInstanceReferenceOperation && owner is not IMethodSymbol { MethodKind: MethodKind.Constructor }
                && StateKinds.CacheName(field.Type) is null && !StateKinds.IsSemaphore(field.Type) && (!field.IsReadOnly || _symbols.Types.Reason(field.Type) is not null)
                && StateWrites.Changes(reference, owner, _symbols.Types))
            {
                node.InstanceChanges.Add(field.OriginalDefinition);
            }
        }

        private bool IsState(IFieldSymbol field)
        {
            _staticUses.TryGetValue(field.OriginalDefinition, out var use);
            return StateWrites.IsState(field, use == FieldUse.Change, use == FieldUse.Initialization);
        }

        private static bool IsAssigned(IOperation reference) =>
            reference.Parent switch
            {
                ISimpleAssignmentOperation assignment => assignment.Target == reference,
                ICompoundAssignmentOperation compound => compound.Target == reference,
                ICoalesceAssignmentOperation coalesce => coalesce.Target == reference,
                IIncrementOrDecrementOperation => true,
                _ => false,
            };

        /// <summary>
        /// <c>AddSingleton&lt;T&gt;()</c>, <c>AddSingleton&lt;TService, TImpl&gt;()</c>, <c>AddSingleton(instance)</c>,
        /// <c>AddSingleton(typeof(...))</c> and their <c>TryAdd</c> forms: the implementation types of this assembly that
        /// live as long as the process, wherever the registration is.
        /// </summary>
        private void RecordSingleton(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.Name is not ("AddSingleton" or "TryAddSingleton") || method.ContainingNamespace?.ToDisplayString() is not { } ns
                || !ns.StartsWith("Microsoft.Extensions.DependencyInjection", System.StringComparison.Ordinal))
            {
                return;
            }

            ITypeSymbol? implementation = null;
            foreach (var argument in invocation.Arguments)
            {
                var value = argument.Value;
                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                if (argument.Parameter?.Name == "implementationInstance")
                {
                    implementation = value.Type;
                }
                else if (value is ITypeOfOperation typeOf)
                {
                    implementation = typeOf.TypeOperand; // the last typeof is the implementation
                }
                else if (value is IDelegateCreationOperation or IAnonymousFunctionOperation)
                {
                    implementation = value.DescendantsAndSelf().OfType<IReturnOperation>().Select(r => StripConversions(r.ReturnedValue)?.Type).LastOrDefault(t => t is not null) ?? implementation;
                }
            }

            if (implementation is null && method.TypeArguments.Length > 0)
            {
                implementation = method.TypeArguments[method.TypeArguments.Length - 1];
            }

            if (implementation is INamedTypeSymbol named && _symbols.IsInThisAssembly(named))
            {
                var line = invocation.Syntax.GetLocation().GetLineSpan();
                _singletons.TryAdd(named.OriginalDefinition, $"{method.Name} in {System.IO.Path.GetFileName(line.Path)} line {line.StartLinePosition.Line + 1}");
            }
        }

        private static IOperation? StripConversions(IOperation? operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>Roots (every method of a tool class) and the implementations calls through interfaces and virtuals reach.</summary>
        public void RecordType(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            bool toolClass = _symbols.IsToolClass(type);
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (toolClass)
                {
                    _roots.Add(method.OriginalDefinition);
                }

                for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    AddImplementation(overridden, method);
                }
            }

            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers().OfType<IMethodSymbol>())
                {
                    if (type.FindImplementationForInterfaceMember(member) is IMethodSymbol implementation && _symbols.IsInThisAssembly(implementation))
                    {
                        AddImplementation(member, implementation);
                    }
                }
            }
        }

        public void Report(CompilationAnalysisContext context)
        {
            // Breadth-first from the roots, in a stable order, remembering how each method was reached for the message.
            var cameFrom = new Dictionary<ISymbol, ISymbol?>(SymbolEqualityComparer.Default);
            var queue = new Queue<ISymbol>();
            foreach (var root in _roots.Distinct(SymbolEqualityComparer.Default).OrderBy(Key, System.StringComparer.Ordinal))
            {
                cameFrom[root] = null;
                queue.Enqueue(root);
            }

            var reported = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            while (queue.Count > 0)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var method = queue.Dequeue();
                if (!_nodes.TryGetValue(method, out var node))
                {
                    continue;
                }

                foreach (var (location, properties, arguments) in node.DroppedTokens.OrderBy(d => d.Location.SourceSpan.Start))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CancellationTokenNotForwardedInCalledCode, location, properties, [.. arguments, Path(method, cameFrom)]));
                }

                foreach (var state in node.State.Distinct(SymbolEqualityComparer.Default).OrderBy(Key, System.StringComparer.Ordinal))
                {
                    if (_symbols.IsToolClass(state.ContainingType) || _symbols.IsDeclaredProcessLocal(state) || !reported.Add(state)
                        || (state is IFieldSymbol field && StateWrites.JudgedByWrites(field, _symbols.Types) && !IsState(field))
                        || StateKinds.Classify(state, _symbols) is not { } finding)
                    {
                        continue;
                    }

                    if (finding.Rule.Id == DiagnosticIds.PerInstanceThrottle)
                    {
                        continue; // a throttle, not a store: MCPG5020 reports it in tool classes, where the calls it limits are
                    }

                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StaticStateReachedFromHandler, state.Locations.FirstOrDefault(),
                        McpSymbols.Display(state), finding.Description, Path(method, cameFrom)));
                }

                if (method.ContainingType is { } owner && _singletons.TryGetValue(owner.OriginalDefinition, out string? registration) && !_symbols.IsToolClass(owner))
                {
                    foreach (var member in node.InstanceChanges.Distinct(SymbolEqualityComparer.Default).OrderBy(Key, System.StringComparer.Ordinal))
                    {
                        if (_symbols.IsDeclaredProcessLocal(member) || !reported.Add(member))
                        {
                            continue;
                        }

                        var memberType = member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;
                        string description = _symbols.Types.Reason(memberType) is { } reason
                            ? $"a {(member is IFieldSymbol ? "field" : "property")} holding {reason}"
                            : $"a {(member is IFieldSymbol ? "field" : "property")}";
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SingletonServiceState, member.Locations.FirstOrDefault(),
                            member.Name, description, owner.Name, registration, Path(method, cameFrom)));
                    }
                }

                foreach (var callee in node.Callees.Distinct(SymbolEqualityComparer.Default).OrderBy(Key, System.StringComparer.Ordinal))
                {
                    Visit(callee, method);
                    if (_implementations.TryGetValue(callee, out var implementations))
                    {
                        foreach (var implementation in implementations.Distinct(SymbolEqualityComparer.Default).OrderBy(Key, System.StringComparer.Ordinal))
                        {
                            Visit(implementation, method);
                        }
                    }
                }
            }

            void Visit(ISymbol target, ISymbol from)
            {
                if (!cameFrom.ContainsKey(target))
                {
                    cameFrom[target] = from;
                    queue.Enqueue(target);
                }
            }
        }

        private void AddCallee(Node node, IMethodSymbol? method)
        {
            if (method is null)
            {
                return;
            }

            var target = (method.ReducedFrom ?? method).OriginalDefinition;
            if (_symbols.IsInThisAssembly(target) || target.IsAbstract || target.IsVirtual || target.ContainingType.TypeKind == TypeKind.Interface)
            {
                node.Callees.Add(target);
            }
        }

        private void AddState(Node node, ISymbol member)
        {
            if (member.IsStatic && _symbols.IsInThisAssembly(member))
            {
                node.State.Add(member.OriginalDefinition);
            }
        }

        private void AddImplementation(ISymbol member, IMethodSymbol implementation) =>
            _implementations.GetOrAdd(member.OriginalDefinition, static _ => []).Add(implementation.OriginalDefinition);

        /// <summary>"Tools.Add → Store.Increment": how the handler code reaches <paramref name="method"/>.</summary>
        private static string Path(ISymbol method, Dictionary<ISymbol, ISymbol?> cameFrom)
        {
            var steps = new List<string>();
            for (ISymbol? current = method; current is not null && steps.Count < 8; current = cameFrom[current])
            {
                steps.Add(McpSymbols.Display(current));
            }

            steps.Reverse();
            return string.Join(" → ", steps);
        }

        private static string Key(ISymbol symbol) =>
            symbol.Locations.FirstOrDefault() is { IsInSource: true } location
                ? location.SourceTree!.FilePath + ":" + location.SourceSpan.Start.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)
                : symbol.ToDisplayString();

        private sealed class Node
        {
            public ConcurrentBag<ISymbol> Callees { get; } = [];

            public ConcurrentBag<ISymbol> State { get; } = [];

            /// <summary>Instance fields and auto-properties of this assembly that the method changes (outside constructors).</summary>
            public ConcurrentBag<ISymbol> InstanceChanges { get; } = [];

            public ConcurrentBag<(Location Location, ImmutableDictionary<string, string?> Properties, object[] Arguments)> DroppedTokens { get; } = [];
        }
    }
}
