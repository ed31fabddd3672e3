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
        public static IServiceCollection AddSingleton<TService, TImplementation>(this IServiceCollection services)
            where TService : class where TImplementation : class, TService => services;

        public static IServiceCollection AddScoped<TService>(this IServiceCollection services) where TService : class => services;
    }
}

namespace Travel
{
    using Microsoft.Extensions.DependencyInjection;

    public sealed record Preferences(string Seat, string Meal, bool LoungeAccess);

    public interface ITravelPreferences
    {
        Preferences For(string travellerId);
        void Update(string travellerId, Preferences preferences);
    }

    /// <summary>What each traveller prefers, remembered between bookings.</summary>
    public sealed class TravelPreferences : ITravelPreferences
    {
        private static readonly Preferences s_default = new("aisle", "any", false);
        private readonly Dictionary<string, Preferences> _byTraveller = new(StringComparer.OrdinalIgnoreCase); // expect: MCPG5022
        private DateTimeOffset _lastUpdate; // expect: MCPG5022

        public Preferences For(string travellerId) => _byTraveller.GetValueOrDefault(travellerId, s_default);

        public void Update(string travellerId, Preferences preferences)
        {
            _byTraveller[travellerId] = preferences;
            _lastUpdate = DateTimeOffset.UtcNow;
        }

        public override string ToString() => $"{_byTraveller.Count} travellers, last update {_lastUpdate:u}";
    }

    public static class ServiceRegistration
    {
        public static IServiceCollection AddTravel(this IServiceCollection services) =>
            services.AddSingleton<ITravelPreferences, TravelPreferences>();
    }

    public sealed class PreferenceTools(ITravelPreferences preferences)
    {
        /// <summary>Sets the traveller's preferred seat.</summary>
        [McpTool]
        public string SetSeat(string travellerId, string seat)
        {
            var current = preferences.For(travellerId);
            preferences.Update(travellerId, current with { Seat = seat });
            return $"Seat preference for {travellerId} is now {seat}.";
        }

        /// <summary>Shows the traveller's preferences.</summary>
        [McpTool]
        public Preferences Show(string travellerId) => preferences.For(travellerId);
    }
}
