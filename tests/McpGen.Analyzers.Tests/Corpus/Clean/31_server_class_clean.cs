using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

[McpServer("notes", Version = "1.0.0")]
public partial class NotesServer
{
    private const string Greeting = "hello";

    /// <summary>Greets someone.</summary>
    [McpTool] public static string Greet(string name) => Greeting + " " + name;
}
