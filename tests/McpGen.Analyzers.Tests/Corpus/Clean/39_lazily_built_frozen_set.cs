using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace Accounts
{
    /// <summary>Usernames nobody may take: a set built on first use from constants, the same on every instance.</summary>
    public static class UsernameTools
    {
        private static readonly object s_buildLock = new();
        private static FrozenSet<string>? s_reserved;

        private static FrozenSet<string> Reserved
        {
            get
            {
                if (s_reserved is null)
                {
                    lock (s_buildLock)
                    {
                        if (s_reserved is null)
                        {
                            string[] words = ["admin", "root", "system", "support", "billing", "security"];
                            s_reserved = words.Concat(words.Select(w => w + "s")).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
                        }
                    }
                }

                return s_reserved;
            }
        }

        /// <summary>Tells whether a username is free to take.</summary>
        [McpTool]
        public static bool IsAvailable(string username) => username.Length >= 3 && !Reserved.Contains(username);
    }
}
