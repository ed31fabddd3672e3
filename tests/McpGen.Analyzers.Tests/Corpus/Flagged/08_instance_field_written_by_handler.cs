using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed class CartTools
{
    private readonly List<string> _items = new();
    private decimal _total; // expect: MCPG5002

    /// <summary>Adds an item to the cart.</summary>
    [McpTool]
    public decimal Add(string item, decimal price)
    {
        _items.Add(item);
        _total += price;
        return _total;
    }
}
