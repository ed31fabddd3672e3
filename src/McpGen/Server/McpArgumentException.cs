using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace McpGen;

/// <summary>
/// An argument of a tool call could not be bound. The client receives an <c>isError</c> result whose text names the
/// argument (with its path inside nested objects and arrays), what was expected and what came.
/// </summary>
public sealed class McpArgumentException : Exception
{
    // Path segments innermost first; each is ".name" or "[index]". Built only on the error path.
    private readonly List<string> _path = [];

    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What was wrong, e.g. <c>expected an integer, got a string ("abc")</c>.</param>
    public McpArgumentException(string problem)
        : base(problem) => Problem = problem;

    /// <summary>What was wrong, without the argument path.</summary>
    public string Problem { get; }

    /// <summary>The path of the argument, e.g. <c>order.items[1].quantity</c>; empty for the arguments object itself.</summary>
    public string ArgumentPath
    {
        get
        {
            var sb = new StringBuilder();
            for (int i = _path.Count - 1; i >= 0; i--)
            {
                sb.Append(_path[i]);
            }

            return sb.Length > 0 && sb[0] == '.' ? sb.ToString(1, sb.Length - 1) : sb.ToString();
        }
    }

    /// <inheritdoc/>
    public override string Message => _path.Count == 0 ? Problem : $"Argument '{ArgumentPath}': {Problem}";

    /// <summary>Records that the error happened inside the property or argument <paramref name="name"/>.</summary>
    /// <returns>This exception, to rethrow.</returns>
    public McpArgumentException AtProperty(string name)
    {
        _path.Add("." + name);
        return this;
    }

    /// <summary>Records that the error happened inside the array element at <paramref name="index"/>.</summary>
    /// <returns>This exception, to rethrow.</returns>
    public McpArgumentException AtIndex(int index)
    {
        _path.Add("[" + index.ToString(CultureInfo.InvariantCulture) + "]");
        return this;
    }
}
