using System;
using System.Globalization;
using System.Linq;
using ClientQuickStart;
using McpGen.Client;

// A typed MCP client in a Native AOT console app. It calls samples/QuickStart over stdio (it starts the server) or
// samples/HttpQuickStart over Streamable HTTP:
//   dotnet run --project samples/ClientQuickStart -- dotnet samples/QuickStart/bin/Release/net10.0/QuickStart.dll
//   dotnet run --project samples/ClientQuickStart -- http://127.0.0.1:5000/mcp
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: ClientQuickStart <server command> [arguments...] | <http(s)://…/mcp>");
    return 2;
}

McpClient client = Uri.TryCreate(args[0], UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"
    ? McpClient.Create(endpoint)
    : McpClient.CreateStdio(new McpStdioServerOptions { Command = args[0], Arguments = args.Skip(1).ToList() });

await using (client)
{
    IQuickStart quickStart = client.As<IQuickStart>();

    Console.WriteLine("echo: " + await quickStart.EchoAsync("hello from a typed client"));
    Console.WriteLine("add: " + (await quickStart.AddAsync(2_000_000_000, 2_000_000_000)).ToString(CultureInfo.InvariantCulture));

    var order = new Order("Ann", [new OrderLine("A-1", 2), new OrderLine("B-2", 3)], Shipping.Express);
    OrderConfirmation confirmation = await quickStart.PlaceOrderAsync(order);
    Console.WriteLine($"order: {confirmation.TotalItems} items, {confirmation.Shipping}, ships on {confirmation.ShipsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({confirmation.OrderId})");

    try
    {
        await quickStart.FailAsync();
    }
    catch (McpToolException e)
    {
        Console.WriteLine($"fail: {e.ToolName} reported \"{e.ErrorText}\"");
    }

    var server = await client.DiscoverAsync();
    Console.WriteLine($"server: {server.ServerInfo?.Name} {server.ServerInfo?.Version}, protocol {client.ProtocolVersion}");
}

return 0;
