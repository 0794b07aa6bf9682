using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Runtime.Alerts;
using Edge.Runtime.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Api;

/// <summary>
/// Every type the API writes or reads, serialized by generated code (no reflection, for NativeAOT). The CLI reads
/// the daemon's answers with the same context, so both sides agree on the shape by construction.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(GatewayStatus))]
[JsonSerializable(typeof(IReadOnlyList<MeterView>))]
[JsonSerializable(typeof(IReadOnlyList<Alert>))]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(AckRequest))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(ScoreResult))]
[JsonSerializable(typeof(ReplacementRequest))]
[JsonSerializable(typeof(WithdrawalRequest))]
[JsonSerializable(typeof(DeclaredReplacement))]
[JsonSerializable(typeof(IReadOnlyList<DeclaredReplacement>))]
public sealed partial class ApiJson : JsonSerializerContext;
