using System.Text;
using Xunit;

namespace McpGen.Tests;

public class MetaKeysTests
{
    [Fact]
    public void The_UTF8_keys_the_core_reads_are_the_public_keys()
    {
        Assert.Equal(McpProtocol.MetaKeys.ProtocolVersion, Encoding.UTF8.GetString(McpProtocol.MetaKeys.ProtocolVersionUtf8));
        Assert.Equal(McpProtocol.MetaKeys.ClientCapabilities, Encoding.UTF8.GetString(McpProtocol.MetaKeys.ClientCapabilitiesUtf8));
        Assert.Equal(McpProtocol.MetaKeys.ClientInfo, Encoding.UTF8.GetString(McpProtocol.MetaKeys.ClientInfoUtf8));
        Assert.Equal(McpProtocol.MetaKeys.LogLevel, Encoding.UTF8.GetString(McpProtocol.MetaKeys.LogLevelUtf8));
        Assert.Equal(McpProtocol.MetaKeys.ProgressToken, Encoding.UTF8.GetString(McpProtocol.MetaKeys.ProgressTokenUtf8));
    }
}
