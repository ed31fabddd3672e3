using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace McpGen.Redis.Tests;

/// <summary>
/// Hands out loopback ports for the redis-server processes these tests start, never the same one twice in a run.
/// Asking the kernel for port 0 and releasing it is not enough: two fixtures starting in parallel can be given the same
/// port, and the second redis-server then fails to bind while the first answers in its place (a Sentinel test once
/// talked to a plain server that way). Ports come from 20000–29999, below the kernel's ephemeral range, and the port
/// 10000 above each (a cluster node's bus port) is checked free too.
/// </summary>
internal static class LoopbackPorts
{
    private const int First = 20000;
    private const int Count = 10000;
    private static int s_next = Random.Shared.Next(Count);

    /// <summary>A port nothing listens on now and that no other caller in this process will be given.</summary>
    public static int Reserve()
    {
        for (int attempt = 0; attempt < Count; attempt++)
        {
            int port = First + (Interlocked.Increment(ref s_next) % Count);
            if (IsFree(port) && IsFree(port + 10000))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {First + Count - 1}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
