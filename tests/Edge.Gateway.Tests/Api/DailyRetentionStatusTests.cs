using System.Net.Http.Json;
using Edge.Gateway.Api;

namespace Edge.Gateway.Tests.Api;

/// <summary>The daily retention upkeep applies, as GET /api/status and the page show it (docs/gateway-storage.md).</summary>
public sealed class DailyRetentionStatusTests
{
    [Fact]
    public async Task Status_and_page_show_the_models_window_and_a_day_when_longer_than_the_configured_days()
    {
        await using var gateway = await RunningGateway.StartAsync((_, config) => config.Storage.DailyRetentionDays = 20);

        // No model: the configured 20 days.
        Assert.Equal(20, (await StatusAsync(gateway)).DailyRetentionDays);

        // FakeModelProvider.Model has a 28-day window: 28 + 1 = 29 days.
        gateway.Models.Active = FakeModelProvider.Model("gateway-theft", 3);
        Assert.Equal(29, (await StatusAsync(gateway)).DailyRetentionDays);
        using var page = await gateway.SendAsync(HttpMethod.Get, "/page/overview", RunningGateway.ReadToken);
        Assert.Contains("daily kWh kept 29 days", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<GatewayStatus> StatusAsync(RunningGateway gateway)
    {
        using var response = await gateway.SendAsync(HttpMethod.Get, "/api/status", RunningGateway.ReadToken);
        return (await response.Content.ReadFromJsonAsync(ApiJson.Default.GatewayStatus))!;
    }
}
