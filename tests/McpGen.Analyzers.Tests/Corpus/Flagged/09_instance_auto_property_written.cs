using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed class WizardTools
{
    public int Step { get; set; } // expect: MCPG5002

    /// <summary>Advances the wizard.</summary>
    [McpTool] public int Next() => ++Step;
}
