using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Edge.Gateway.Api;

/// <summary>The daemon could not be reached or refused the request; the message says which and what to do.</summary>
public sealed class DaemonUnavailableException(string message, HttpStatusCode? status = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The daemon's status code, or null when it was not reached at all.</summary>
    public HttpStatusCode? Status { get; } = status;

    /// <summary>The daemon's own sentence for a refusal (<see cref="ApiError.Error"/>), when it sent one.</summary>
    public string? DaemonError { get; init; }
}

/// <summary>A daemon's answer: the parsed value and the body exactly as sent (for --json).</summary>
public sealed record DaemonAnswer<T>(T Value, string Json);

/// <summary>
/// The CLI's side of the local API: one request per call, bearer token attached, answers read with
/// <see cref="ApiJson"/>. Every failure becomes a <see cref="DaemonUnavailableException"/> with a sentence a
/// technician can act on (nothing listening, unknown token, token without the admin role, ...).
/// </summary>
public sealed class DaemonClient(HttpClient http, Uri baseUrl, string? token)
{
    public Task<DaemonAnswer<T>> GetAsync<T>(string pathAndQuery, JsonTypeInfo<T> type, CancellationToken cancel) =>
        SendAsync(HttpMethod.Get, pathAndQuery, null, type, cancel);

    public Task<DaemonAnswer<T>> PostAsync<T>(string path, string? jsonBody, JsonTypeInfo<T> type, CancellationToken cancel) =>
        SendAsync(HttpMethod.Post, path, jsonBody, type, cancel);

    public Task<DaemonAnswer<T>> DeleteAsync<T>(string path, string? jsonBody, JsonTypeInfo<T> type, CancellationToken cancel) =>
        SendAsync(HttpMethod.Delete, path, jsonBody, type, cancel);

    private async Task<DaemonAnswer<T>> SendAsync<T>(HttpMethod method, string pathAndQuery, string? jsonBody, JsonTypeInfo<T> type, CancellationToken cancel)
    {
        var url = new Uri(baseUrl, pathAndQuery);
        using var request = new HttpRequestMessage(method, url);
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        string body;
        try
        {
            response = await http.SendAsync(request, cancel).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new DaemonUnavailableException($"cannot reach the gateway daemon at {baseUrl}: {e.Message}. Is 'edge run' running, and is --url (or the config's api.listenUrl) right?", null, e);
        }
        catch (TaskCanceledException e) when (!cancel.IsCancellationRequested)
        {
            throw new DaemonUnavailableException($"the gateway daemon at {baseUrl} did not answer within {http.Timeout.TotalSeconds:0} s.", null, e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var error = ErrorOf(body);
                throw new DaemonUnavailableException(Explain(response.StatusCode, error, url), response.StatusCode) { DaemonError = error };
            }

            try
            {
                var value = JsonSerializer.Deserialize(body, type) ?? throw new JsonException("null");
                return new DaemonAnswer<T>(value, body);
            }
            catch (JsonException e)
            {
                throw new DaemonUnavailableException($"the service at {baseUrl} answered {method} {url.AbsolutePath} with something that is not the gateway API's JSON ({e.Message}).", response.StatusCode, e);
            }
        }
    }

    private string Explain(HttpStatusCode status, string? error, Uri url) => status switch
    {
        HttpStatusCode.Unauthorized => string.IsNullOrEmpty(token)
            ? $"the gateway daemon at {baseUrl} refused the request: no token given (use --token or set EDGE_TOKEN)."
            : $"the gateway daemon at {baseUrl} refused the request: it does not know this token (401).",
        HttpStatusCode.Forbidden => $"the gateway daemon at {baseUrl} refused the request: {error ?? "the token's role is not allowed to do this"} (403).",
        _ => $"the gateway daemon at {baseUrl} answered {(int)status} {status} to {url.AbsolutePath}{(error is null ? "." : ": " + error)}",
    };

    private static string? ErrorOf(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ApiJson.Default.ApiError)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
