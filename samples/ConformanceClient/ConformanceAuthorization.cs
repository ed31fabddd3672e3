using System;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client.Authorization;

/// <summary>The authorization set-up of the auth/* scenarios: which grant, and the credentials the scenario hands out.</summary>
internal static class ConformanceAuthorization
{
    // The client ID metadata document URL the suite's authorization servers expect (CIMD scenarios).
    private static readonly Uri ClientMetadataDocument = new("https://conformance-test.local/client-metadata.json");

    public static HttpClient CreateHttpClient(string scenario, JsonElement context)
    {
        var options = new McpClientAuthorizationOptions
        {
            ClientName = "mcpgen-conformance-client",
            ClientMetadataDocumentUri = ClientMetadataDocument,
            RedirectUri = new Uri("http://localhost:3000/callback"),
            RedirectHandler = new AutoApprovingBrowser(),
            ClientId = Text(context, "client_id"),
            ClientSecret = Text(context, "client_secret"),
        };

        if (Text(context, "private_key_pem") is { } pem)
        {
            var key = ECDsa.Create();
            key.ImportFromPem(pem);
            options.ClientAssertionKey = key;
            options.ClientAssertionAlgorithm = Text(context, "signing_algorithm") ?? "ES256";
        }

        switch (scenario)
        {
            case "auth/client-credentials-basic" or "auth/client-credentials-jwt":
                options.Grant = McpAuthorizationGrant.ClientCredentials;
                break;
            case "auth/wif-jwt-bearer":
                options.Grant = McpAuthorizationGrant.WorkloadIdentity;
                string workloadToken = Text(context, "valid_jwt")!;
                options.WorkloadIdentityToken = _ => ValueTask.FromResult(workloadToken);
                break;
            case "auth/enterprise-managed-authorization":
                options.Grant = McpAuthorizationGrant.EnterpriseManaged;
                string idToken = Text(context, "idp_id_token")!;
                options.EnterpriseAuthorization = new McpEnterpriseAuthorizationOptions
                {
                    TokenEndpoint = new Uri(Text(context, "idp_token_endpoint")!),
                    IdToken = _ => ValueTask.FromResult(idToken),
                    ClientId = Text(context, "idp_client_id"),
                    ClientSecret = Text(context, "idp_client_secret"),
                };
                break;
            case "auth/dpop" or "auth/dpop-nonce":
                options.DPoPKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                break;
        }

        return new HttpClient(new McpAuthorizationHandler(options, new HttpClientHandler()));
    }

    private static string? Text(JsonElement context, string name) =>
        context.ValueKind == JsonValueKind.Object && context.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Stands in for the user's browser: the suite's authorization servers approve at once, so following the
    /// authorization request to its redirect is the whole user interaction.</summary>
    private sealed class AutoApprovingBrowser : IMcpAuthorizationRedirectHandler
    {
        public async ValueTask<Uri> AuthorizeAsync(Uri authorizationUri, Uri redirectUri, CancellationToken cancellationToken)
        {
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            using var response = await http.GetAsync(authorizationUri, cancellationToken);
            return response.Headers.Location is { } location
                ? new Uri(authorizationUri, location)
                : throw new InvalidOperationException($"The authorization server answered {(int)response.StatusCode} instead of redirecting back.");
        }
    }
}
