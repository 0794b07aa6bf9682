using Edge.Runtime.Config;
using Edge.Runtime.Scoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Edge.Gateway.Api;

/// <summary>What POST /api/score answers: how the run went.</summary>
public sealed record ScoreResult
{
    public required DateTimeOffset StartedAt { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>Meters with readings in the run's history.</summary>
    public required int Meters { get; init; }

    /// <summary>The model used ("model-id@version"); null when none is installed (rules only).</summary>
    public string? Model { get; init; }

    public required int MetersScored { get; init; }

    /// <summary>Why the model's scores were not used; null when it worked.</summary>
    public string? ModelFailure { get; init; }

    /// <summary>Findings stored by this run (model and rules, new or folded into an open alert).</summary>
    public required int AlertsRaised { get; init; }

    public required IReadOnlyList<string> RuleFailures { get; init; }
}

/// <summary>POST /api/score (admin role): score every meter now, after a run in progress, and say how it went.</summary>
internal static class ScoreEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/score", async ([FromServices] ScoringService? scoring, CancellationToken cancel) =>
        {
            if (scoring is null)
            {
                return ApiProblem.Result(StatusCodes.Status503ServiceUnavailable, "scoring is not running on this gateway");
            }

            ScoringRunReport report;
            try
            {
                report = await scoring.ScoreNowAsync(cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The run failed as a whole; ScoringService has reported it on the fault board.
                return ApiProblem.Result(StatusCodes.Status500InternalServerError, $"scoring failed: {e.Message}");
            }

            return TypedResults.Json(
                new ScoreResult
                {
                    StartedAt = report.StartedAt,
                    DurationSeconds = report.Duration.TotalSeconds,
                    Meters = report.Meters,
                    Model = report.Model.ModelLabel,
                    MetersScored = report.Model.MetersScored,
                    ModelFailure = report.Model.Failure,
                    AlertsRaised = report.Model.AlertsRaised + report.RuleAlerts,
                    RuleFailures = report.RuleFailures,
                },
                ApiJson.Default.ScoreResult);
        })
        .RequireRole(ApiRole.Admin);
}
