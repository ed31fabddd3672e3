using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace Microsoft.Extensions.DependencyInjection
{
    public interface IServiceCollection { }

    public static class ServiceCollectionServiceExtensions
    {
        public static IServiceCollection AddSingleton<TService>(this IServiceCollection services) where TService : class => services;
        public static IServiceCollection AddSingleton<TService>(this IServiceCollection services, TService implementationInstance) where TService : class => services;
        public static IServiceCollection AddScoped<TService>(this IServiceCollection services) where TService : class => services;
    }
}

namespace Shop
{
    using Microsoft.Extensions.DependencyInjection;

    /// <summary>Prices loaded at start-up and only read: fine as a singleton.</summary>
    public sealed class PriceList
    {
        private readonly Dictionary<string, decimal> _prices;

        public PriceList()
        {
            _prices = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
            _prices["tea"] = 3.20m;
            _prices["coffee"] = 2.80m;
        }

        public decimal? Price(string item) => _prices.TryGetValue(item, out var price) ? price : null;
    }

    /// <summary>A basket for one request: scoped, so its list is not shared.</summary>
    public sealed class Basket
    {
        private readonly List<string> _items = new();

        public void Add(string item) => _items.Add(item);

        public int Count => _items.Count;
    }

    /// <summary>Per-instance statistics, on purpose.</summary>
    public sealed class Warmup
    {
        [McpProcessLocal("Warm-up statistics of this instance, reported by its own health check.")]
        private long _lookups;

        public void Lookup() => Interlocked.Increment(ref _lookups);
    }

    public static class Registration
    {
        public static void AddShop(IServiceCollection services)
        {
            services.AddSingleton<PriceList>();
            services.AddSingleton(new Warmup());
            services.AddScoped<Basket>();
        }
    }

    public sealed class ShopTools(PriceList prices, Basket basket, Warmup warmup)
    {
        /// <summary>Quotes the price of an item and adds it to the basket.</summary>
        [McpTool]
        public string Quote(string item)
        {
            warmup.Lookup();
            basket.Add(item);
            return prices.Price(item) is { } price ? $"{item}: {price} ({basket.Count} in basket)" : $"No price for {item}.";
        }
    }
}
