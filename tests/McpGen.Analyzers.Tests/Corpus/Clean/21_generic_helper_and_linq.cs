using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class Paging
{
    public static IReadOnlyList<T> Page<T>(IEnumerable<T> items, int page, int size) => items.Skip(page * size).Take(size).ToList();
}

public static class ListTools
{
    /// <summary>Pages a list of names.</summary>
    [McpTool] public static IReadOnlyList<string> PageNames(string[] names, int page = 0, int size = 10) => Paging.Page(names, page, size);
}
