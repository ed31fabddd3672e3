using System;
using System.Linq;
using McpGen;
using McpGen.ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers McpGen servers' generated primitives into the official SDK's MCP server.</summary>
public static class McpGenServerBuilderExtensions
{
    /// <summary>
    /// Adds the tools, resources, resource templates and prompts of the McpGen server <typeparamref name="TServer"/> to
    /// the official SDK's server as its own primitive types. Each keeps McpGen's compile-time schemas and generated,
    /// reflection-free binding and result writing (so a Native AOT server needs no <c>JsonSerializerContext</c>), while
    /// the SDK keeps its transports, sessions, filters and authorization.
    /// </summary>
    /// <typeparam name="TServer">The <c>[McpServer]</c> class whose primitives to serve.</typeparam>
    /// <param name="builder">The SDK's server builder, from <c>AddMcpServer()</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// The SDK's server takes the McpGen server's name, version and instructions unless the application set its own.
    /// Instance primitives get their services from the application's container, one scope per call. Tools that ask the
    /// client for input (<see cref="McpInput"/>) and McpGen tasks are not bridged yet; they answer with the error the
    /// protocol defines for a missing client capability. See docs/migration.md for every difference.
    /// </remarks>
    public static IMcpServerBuilder WithMcpGen<TServer>(this IMcpServerBuilder builder)
        where TServer : IMcpServer
    {
        ArgumentNullException.ThrowIfNull(builder);
        var definition = TServer.Definition;
        var services = builder.Services;
        services.AddKeyedSingleton(typeof(TServer), (sp, _) => new McpGenSdkBridge(definition, sp));

        // The server speaks as the McpGen server unless the application named it itself.
        services.Configure<ModelContextProtocol.Server.McpServerOptions>(options =>
        {
            options.ServerInfo ??= new Implementation
            {
                Name = definition.Info.Name,
                Version = definition.Info.Version,
                Title = definition.Info.Title,
                Description = definition.Info.Description,
            };
            options.ServerInstructions ??= definition.Instructions;
        });

        // The SDK collects its primitives from the container; each factory runs once, when the SDK reads its options.
        int tools = definition.Tools.Count;
        for (int i = 0; i < tools; i++)
        {
            int index = i;
            services.AddSingleton<McpServerTool>(sp =>
            {
                var bridge = Bridge<TServer>(sp);
                var tool = bridge.List<Tool>("tools/list", "tools").Single(t => t.Name == definition.Tools[index].Name);
                return new McpGenSdkTool(bridge, tool);
            });
        }

        foreach (var resource in definition.Resources)
        {
            services.AddSingleton<McpServerResource>(sp =>
            {
                var bridge = Bridge<TServer>(sp);
                var listed = new Resource { Uri = resource.Uri, Name = resource.Name, Title = resource.Title, Description = resource.Description, MimeType = resource.MimeType };
                var template = new ResourceTemplate
                {
                    UriTemplate = resource.Uri,
                    Name = resource.Name,
                    Title = resource.Title,
                    Description = resource.Description,
                    MimeType = resource.MimeType,
                };
                return new McpGenSdkResource(bridge, resource, listed, template);
            });
        }

        foreach (var template in definition.ResourceTemplates)
        {
            services.AddSingleton<McpServerResource>(sp =>
            {
                var bridge = Bridge<TServer>(sp);
                var listed = bridge.List<ResourceTemplate>("resources/templates/list", "resourceTemplates").Single(t => t.UriTemplate == template.Uri);
                return new McpGenSdkResource(bridge, template, resource: null, listed);
            });
        }

        foreach (var prompt in definition.Prompts)
        {
            services.AddSingleton<McpServerPrompt>(sp =>
            {
                var bridge = Bridge<TServer>(sp);
                var listed = bridge.List<Prompt>("prompts/list", "prompts").Single(p => p.Name == prompt.Name);
                return new McpGenSdkPrompt(bridge, listed);
            });
        }

        return builder;
    }

    private static McpGenSdkBridge Bridge<TServer>(IServiceProvider services) => services.GetRequiredKeyedService<McpGenSdkBridge>(typeof(TServer));
}
