using System.Net.Http.Headers;
using Edge.Gateway.Api;
using Edge.ModelContract.Bundles;
using Edge.ModelContract.Features;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Gateway.Tests.Api;

/// <summary>
/// The API, page and metrics on a real Kestrel listener at 127.0.0.1 (port chosen by the OS), over a real alert store
/// in a temporary directory, with a fake clock. Tokens are configured by their SHA-256 as an operator would write them.
/// </summary>
internal sealed class RunningGateway : IAsyncDisposable
{
    /// <summary>Admin token "abc": its SHA-256 is the FIPS 180-2 appendix B.1 example digest.</summary>
    public const string AdminToken = "abc";

    public const string AdminSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    /// <summary>Read token; digest from coreutils: <c>printf %s read-token | sha256sum</c>.</summary>
    public const string ReadToken = "read-token";

    public const string ReadSha256 = "0328587016f9e316b9c31c94f944a2c453e1494a564062b5eab68039c75b58bf";

    public static readonly DateTimeOffset Start = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    private readonly string _directory;

    private RunningGateway(WebApplication app, string directory, Uri url)
    {
        _app = app;
        _directory = directory;
        Url = url;
        Http = new HttpClient { BaseAddress = url };
    }

    public Uri Url { get; }

    /// <summary>The gateway database the API reads (alerts, and readings through ReadingQueries).</summary>
    public string DatabasePath => Path.Combine(_directory, "gateway.db");

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The temporary directory the gateway's database lives in (deleted on dispose).</summary>
    public string Directory => _directory;

    public FakeTimeProvider Time => _app.Services.GetRequiredService<FakeTimeProvider>();

    public AlertStore Alerts => _app.Services.GetRequiredService<AlertStore>();

    public FaultBoard Faults => _app.Services.GetRequiredService<FaultBoard>();

    public GatewayMetrics Metrics => _app.Services.GetRequiredService<GatewayMetrics>();

    public MeterStatusBoard Meters => _app.Services.GetRequiredService<MeterStatusBoard>();

    public MeterReplacementStore Replacements => _app.Services.GetRequiredService<MeterReplacementStore>();

    public ScoringStatus Scoring => _app.Services.GetRequiredService<ScoringStatus>();

    public FakeModelProvider Models => _app.Services.GetRequiredService<FakeModelProvider>();

    public static Task<RunningGateway> StartAsync(params MeterConfig[] meters) => StartAsync(null, meters);

    /// <param name="services">Registers more of the daemon (model delivery, the uplink) after the test doubles; may use <c>Directory</c> through the config's DataDirectory.</param>
    public static Task<RunningGateway> StartAsync(Action<IServiceCollection, GatewayConfig>? services, params MeterConfig[] meters) => StartAsync(services, null, meters);

    /// <param name="endpoints">Maps more endpoints after the gateway's own, behind the same access checks.</param>
    public static Task<RunningGateway> StartAsync(Action<IEndpointRouteBuilder> endpoints) => StartAsync(null, endpoints, []);

    private static async Task<RunningGateway> StartAsync(Action<IServiceCollection, GatewayConfig>? services, Action<IEndpointRouteBuilder>? endpoints, MeterConfig[] meters)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("edge-api-").FullName;
        var config = new GatewayConfig
        {
            GatewayId = "gw-test",
            DataDirectory = directory,
            Meters = meters,
            Api = new ApiConfig
            {
                Tokens =
                [
                    new ApiTokenConfig { Name = "technician", Role = ApiRole.Admin, Sha256 = AdminSha256 },
                    new ApiTokenConfig { Name = "monitoring", Role = ApiRole.Read, Sha256 = ReadSha256 },
                ],
            },
        };
        var time = new FakeTimeProvider(Start);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(AlertStore.Open(new AlertStoreOptions { DatabasePath = Path.Combine(directory, "gateway.db") }));
        builder.Services.AddSingleton(MeterReplacementStore.Open(new MeterReplacementStoreOptions { DatabasePath = Path.Combine(directory, "gateway.db"), MeterIds = [.. meters.Select(m => m.Id)] }));
        builder.Services.AddSingleton(new FaultBoard(time));
        builder.Services.AddSingleton(new GatewayMetrics());
        builder.Services.AddSingleton(new MeterStatusBoard());
        builder.Services.AddSingleton(new ScoringStatus());
        builder.Services.AddSingleton<FakeModelProvider>();
        builder.Services.AddSingleton<IModelProvider>(s => s.GetRequiredService<FakeModelProvider>());
        builder.Services.AddGatewayApi(config, Start);
        services?.Invoke(builder.Services, config);
        var app = builder.Build();
        app.UseGatewayApi();
        app.MapGatewayApi();
        endpoints?.Invoke(app);
        await app.StartAsync();
        return new RunningGateway(app, directory, new Uri(app.Urls.Single()));
    }

    /// <summary>Stores a finding as the scoring stage would.</summary>
    public Alert Raise(string meterId, AlertKind kind, string evidence, float? score = null) =>
        Alerts.Raise(new Alert { MeterId = meterId, Kind = kind, RaisedAt = Time.GetUtcNow(), Evidence = evidence, Score = score, ModelVersion = score is null ? null : "gateway-theft@3" });

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        var alerts = Alerts;
        var replacements = Replacements;
        await _app.StopAsync();
        await _app.DisposeAsync();
        alerts.Dispose();
        replacements.Dispose();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>A model provider whose active model the test sets; the ONNX session is never used by the API.</summary>
internal sealed class FakeModelProvider : IModelProvider
{
    public ScoringModel? Active { get; set; }

    public void ReportOutcome(ScoringModel model, ModelRunOutcome outcome)
    {
    }

    public static ScoringModel Model(string id, long version) => new(
        new BundleManifest
        {
            ModelId = id,
            Version = version,
            CreatedUtc = RunningGateway.Start,
            FeatureSpec = FeatureSpec.Seed(28),
            Threshold = 0.5f,
            Model = new ModelDescription { Sha256 = new string('0', 64), Bytes = 1, Precision = "fp32", InputName = "x", InputShape = [28, 1], OutputName = "y" },
            TestVectorsSha256 = new string('0', 64),
            MinimumRuntimeVersion = "1.0.0",
        },
        null!);
}
