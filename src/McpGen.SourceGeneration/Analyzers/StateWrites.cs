using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpGen.SourceGeneration.Analyzers;

/// <summary>
/// Judges static fields by what code does to them rather than by their type: a collection filled by its initializer and
/// only read afterwards is not state, and neither is a value built once, lazily, from nothing a request supplies.
/// </summary>
/// <remarks>
/// Conservative on purpose: a reference counts as a change when it assigns the field, passes it by <c>ref</c>, calls a
/// mutating member on it, writes an element or indexer, or lets the mutable value escape (into a local, a return, or an
/// argument of this project's code typed as a mutable collection), since the change may then happen out of sight.
/// </remarks>
/// <summary>What a reference to a static field does to it.</summary>
internal enum FieldUse
{
    /// <summary>Reads it, or reads the collection it holds.</summary>
    Read,

    /// <summary>Builds its value once, lazily, from nothing the request supplies.</summary>
    Initialization,

    /// <summary>Replaces its value or changes the collection it holds.</summary>
    Change,
}

internal static class StateWrites
{
    /// <summary>Members that change the collection they are called on (List, Dictionary, HashSet, Queue, concurrent collections...).</summary>
    private static readonly HashSet<string> s_mutators =
    [
        "Add", "AddRange", "Insert", "InsertRange", "Remove", "RemoveAt", "RemoveAll", "RemoveRange", "RemoveWhere", "Clear",
        "TryAdd", "TryRemove", "TryUpdate", "AddOrUpdate", "GetOrAdd", "Push", "PushRange", "Pop", "TryPop", "TryPopRange",
        "Enqueue", "EnqueueRange", "Dequeue", "TryDequeue", "TryTake", "Take", "Sort", "Reverse", "UnionWith", "IntersectWith",
        "ExceptWith", "SymmetricExceptWith", "TrimExcess", "EnsureCapacity", "AddFirst", "AddLast", "RemoveFirst", "RemoveLast",
        "AddBefore", "AddAfter", "Set", "SetAll", "Fill", "AsSpan", "AsMemory", "SetValue", "Initialize", "CompleteAdding",
    ];

    /// <summary><c>System.Array</c> statics that change the array passed to them.</summary>
    private static readonly HashSet<string> s_arrayMutators = ["Sort", "Fill", "Clear", "Reverse", "Resize", "Copy", "ConstrainedCopy", "SetValue"];

    /// <summary>
    /// Whether the static field is state, given what code does to it: a collection when something changes it, a
    /// non-readonly value when something replaces it, or when nothing builds it once (a field never assigned should be readonly).
    /// </summary>
    public static bool IsState(IFieldSymbol field, bool changed, bool initialized) =>
        changed || (!field.IsReadOnly && !initialized);

    /// <summary>
    /// Whether the static field can be judged by its writes: a <c>static readonly</c> collection or array (its type alone
    /// would make it MCPG5001), or a non-readonly static of an immutable type (a lazily built value).
    /// </summary>
    public static bool JudgedByWrites(IFieldSymbol field, MutableTypes types)
    {
        if (!field.IsStatic || field.IsConst || field.IsImplicitlyDeclared || StateKinds.CacheName(field.Type) is not null
            || field.GetAttributes().Any(a => a.AttributeClass is { } c && MutableTypes.MetadataName(c) == "System.ThreadStaticAttribute")
            || (field.Type is INamedTypeSymbol { IsGenericType: true } generic
                && MutableTypes.MetadataName(generic.OriginalDefinition) is "System.Threading.AsyncLocal`1" or "System.Threading.ThreadLocal`1"))
        {
            return false; // caches and thread or flow stores are state by what they are (MCPG5004, MCPG5005)
        }

        if (!field.IsReadOnly)
        {
            return types.Reason(field.Type) is null;
        }

        return IsCollection(field.Type, types);
    }

    /// <summary>
    /// "FrozenSet" or "FrozenDictionary" for a <c>HashSet&lt;T&gt;</c> or <c>Dictionary&lt;TKey, TValue&gt;</c> field created by
    /// its initializer (<c>new(...) { ... }</c>), which MCPG5023's code fix can turn into <c>.ToFrozenSet()</c>/<c>.ToFrozenDictionary()</c>.
    /// </summary>
    public static string? FrozenAlternative(IFieldSymbol field)
    {
        string? frozen = field.Type is INamedTypeSymbol named
            ? MutableTypes.MetadataName(named.OriginalDefinition) switch
            {
                "System.Collections.Generic.HashSet`1" => "FrozenSet",
                "System.Collections.Generic.Dictionary`2" => "FrozenDictionary",
                _ => null,
            }
            : null;
        return frozen is not null
            && field.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: Microsoft.CodeAnalysis.CSharp.Syntax.BaseObjectCreationExpressionSyntax })
            ? frozen
            : null;
    }

    /// <summary>Arrays and collections: types whose only mutability is their contents.</summary>
    public static bool IsCollection(ITypeSymbol type, MutableTypes types) =>
        type is IArrayTypeSymbol
        || (types.Reason(type) is { } reason && reason.StartsWith("a collection", System.StringComparison.Ordinal));

    /// <summary>
    /// Whether <paramref name="reference"/>, in <paramref name="owner"/>, changes the field or the collection it holds.
    /// Writes that only build a value once (<c>??=</c>, double-checked null tests, <c>LazyInitializer</c>) from nothing
    /// the request supplies do not count.
    /// </summary>
    public static bool Changes(IFieldReferenceOperation reference, ISymbol owner, MutableTypes types) =>
        Use(reference, owner, types) == FieldUse.Change;

    /// <summary>What <paramref name="reference"/>, in <paramref name="owner"/>, does to the field: see <see cref="FieldUse"/>.</summary>
    public static FieldUse Use(IFieldReferenceOperation reference, ISymbol owner, MutableTypes types)
    {
        IOperation operation = reference;
        switch (operation.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == operation:
                return IsOnceInitialization(assignment, reference.Field, assignment.Value, owner) ? FieldUse.Initialization : FieldUse.Change;
            case ICoalesceAssignmentOperation coalesce when coalesce.Target == operation:
                return UsesRequestData(coalesce.Value, owner) ? FieldUse.Change : FieldUse.Initialization;
            case ICompoundAssignmentOperation compound when compound.Target == operation:
                return FieldUse.Change;
            case IIncrementOrDecrementOperation:
                return FieldUse.Change;
            case IArgumentOperation { Parameter: { RefKind: RefKind.Ref or RefKind.Out } } argument:
                return IsInitializerCall(argument, owner) ? FieldUse.Initialization : FieldUse.Change;
        }

        if (types.Reason(reference.Field.Type) is null)
        {
            return FieldUse.Read; // an immutable value can only be replaced, which the cases above cover
        }

        switch (operation.Parent)
        {
            case IInvocationOperation invocation when invocation.Instance == operation:
                return s_mutators.Contains(invocation.TargetMethod.Name) ? FieldUse.Change : FieldUse.Read;
            case IPropertyReferenceOperation indexer when indexer.Instance == operation:
                return indexer.Property.IsIndexer && IsWritten(indexer) ? FieldUse.Change : FieldUse.Read;
            case IArrayElementReferenceOperation element when element.ArrayReference == operation:
                return IsWritten(element) ? FieldUse.Change : FieldUse.Read;
        }

        return Escapes(operation, owner, types) ? FieldUse.Change : FieldUse.Read;
    }

    /// <summary>Whether the collection is changed by the code it is handed to, or handed on where that cannot be seen.</summary>
    private static bool Escapes(IOperation operation, ISymbol owner, MutableTypes types)
    {
        // Through conversions: a collection seen through a read-only interface can only be read.
        var converted = operation;
        while (converted.Parent is IConversionOperation conversion)
        {
            converted = conversion;
        }

        if (converted != operation && converted.Type is { } target && types.Reason(target) is null && target is not IArrayTypeSymbol)
        {
            return false;
        }

        switch (converted.Parent)
        {
            case IArgumentOperation { Parameter: { } parameter } argument:
                var method = parameter.ContainingSymbol as IMethodSymbol;
                if (method?.ContainingType is { } containing && MutableTypes.MetadataName(containing) == "System.Array")
                {
                    return s_arrayMutators.Contains(method.Name) && (method.Name is not ("Copy" or "ConstrainedCopy") || parameter.Ordinal == 2 || parameter.Name.StartsWith("destination", System.StringComparison.Ordinal));
                }

                if (method is not null && s_mutators.Contains(method.Name) && method.IsExtensionMethod && parameter.Ordinal == 0)
                {
                    return true; // CollectionExtensions.TryAdd(dictionary, ...), Remove...
                }

                // This project's code may change what it is given; referenced code that takes a mutable collection (string.Join, new List<T>(...)) reads it.
                return SymbolEqualityComparer.Default.Equals(parameter.ContainingAssembly, owner.ContainingAssembly) && types.Reason(parameter.Type) is not null
                    && argument.Parent is not null;
            case IVariableInitializerOperation or IReturnOperation:
                return true;
            case ISimpleAssignmentOperation assignment when assignment.Value == converted:
                return true;
            default:
                return false;
        }
    }

    private static bool IsWritten(IOperation element) =>
        element.Parent switch
        {
            ISimpleAssignmentOperation assignment => assignment.Target == element,
            ICompoundAssignmentOperation compound => compound.Target == element,
            ICoalesceAssignmentOperation coalesce => coalesce.Target == element,
            IIncrementOrDecrementOperation => true,
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
            _ => false,
        };

    /// <summary><c>if (s_x is null) { lock (s_gate) { if (s_x is null) s_x = Build(); } }</c>: an assignment under a null test of the same field.</summary>
    private static bool IsOnceInitialization(IOperation write, IFieldSymbol field, IOperation value, ISymbol owner)
    {
        if (UsesRequestData(value, owner))
        {
            return false;
        }

        for (var current = write.Parent; current is not null; current = current.Parent)
        {
            if (current is IConditionalOperation { Condition: { } condition } && TestsForNull(condition, field))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>LazyInitializer.EnsureInitialized(ref s_x, ...)</c> and <c>Interlocked.CompareExchange(ref s_x, value, null)</c>.</summary>
    private static bool IsInitializerCall(IArgumentOperation argument, ISymbol owner)
    {
        if (argument.Parent is not IInvocationOperation invocation || invocation.TargetMethod.ContainingType is not { } type)
        {
            return false;
        }

        var others = invocation.Arguments.Where(a => a != argument);
        return MutableTypes.MetadataName(type) switch
        {
            "System.Threading.LazyInitializer" => invocation.TargetMethod.Name == "EnsureInitialized" && !others.Any(a => UsesRequestData(a.Value, owner)),
            "System.Threading.Interlocked" => invocation.TargetMethod.Name == "CompareExchange"
                && invocation.Arguments.Length == 3 && invocation.Arguments[2].Value.ConstantValue is { HasValue: true, Value: null }
                && !UsesRequestData(invocation.Arguments[1].Value, owner),
            _ => false,
        };
    }

    private static bool TestsForNull(IOperation condition, IFieldSymbol field)
    {
        bool mentionsField = false;
        bool nullTest = false;
        foreach (var operation in condition.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IFieldReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Field.OriginalDefinition, field.OriginalDefinition):
                    mentionsField = true;
                    break;
                case IIsPatternOperation:
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                    when binary.LeftOperand.ConstantValue is { HasValue: true, Value: null } || binary.RightOperand.ConstantValue is { HasValue: true, Value: null }:
                    nullTest = true;
                    break;
            }
        }

        return mentionsField && nullTest;
    }

    /// <summary>Whether the value reads a parameter of the method building it: then it depends on who called first.</summary>
    private static bool UsesRequestData(IOperation value, ISymbol owner) =>
        value.DescendantsAndSelf().Any(o => o is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter.ContainingSymbol, owner));
}
