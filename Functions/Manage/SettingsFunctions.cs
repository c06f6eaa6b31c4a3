using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using RecordingFunctions.Configuration;
using RecordingFunctions.Http;
using RecordingFunctions.Security;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Manage;

/// <summary>The study's settings as the admin page edits them. The password hash is never shown.</summary>
public sealed partial class SettingsFunctions(AdminRequest admin, ConfigStore config, PasswordHashing passwords, IConfiguration appSettings)
{
    public const int MinPasswordLength = 8;

    /// <summary>Every new identifier reads the pending requests once, so their number stays small.</summary>
    public const int MaxPendingPairingRequestsLimit = 1000;

    [GeneratedRegex("^[a-z0-9]{1,10}$")]
    private static partial Regex FileEnding();

    [Function("GetSettings")]
    public Task<IActionResult> GetSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/settings")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async _ => ApiResults.Json(SettingsJson(await config.GetAsync(cancellationToken))), cancellationToken);

    [Function("ChangeSettings")]
    public Task<IActionResult> ChangeSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/api/settings")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
            var change = await JsonBody.ReadAsync<SettingsChange>(request, cancellationToken);
            if (change is null)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "send a JSON object with the settings to change");
            }

            if (Problem(change, appSettings.GetValue(RequestLimits.MaxUploadBytesSetting, StudySettings.DefaultMaxUploadBytes)) is { } problem)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, problem);
            }

            var updated = await UpdateAsync(current => current with
            {
                User = change.User?.Trim() ?? current.User,
                HideMicFiles = change.HideMicFiles ?? current.HideMicFiles,
                RenameMicFiles = change.RenameMicFiles ?? current.RenameMicFiles,
                PackMicFiles = change.PackMicFiles ?? current.PackMicFiles,
                AllowedEndings = change.AllowedEndings?.Select(e => e.Trim().TrimStart('.').ToLowerInvariant()).Distinct().ToList() ?? current.AllowedEndings,
                MaxUploadBytes = change.MaxUploadBytes ?? current.MaxUploadBytes,
                PairingRequestLifetimeMinutes = change.PairingRequestLifetimeMinutes ?? current.PairingRequestLifetimeMinutes,
                MaxPendingPairingRequests = change.MaxPendingPairingRequests ?? current.MaxPendingPairingRequests,
                MaxPendingPairingRequestsPerSource = change.MaxPendingPairingRequestsPerSource ?? current.MaxPendingPairingRequestsPerSource,
                AcceptClientSecret = change.AcceptClientSecret ?? current.AcceptClientSecret,
                SetTags = change.SetTags?.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? current.SetTags,
                ExcludingSetTags = change.ExcludingSetTags?.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? current.ExcludingSetTags,
                SilentDays = change.SilentDays ?? current.SilentDays,
            }, cancellationToken);
            if (updated.Rejection is { } rejection)
            {
                return rejection;
            }

            await context.AuditAsync("settings changed", string.Join(", ", ChangedKeys(change)));
            return ApiResults.Json(SettingsJson(updated.Settings!));
        }, cancellationToken);

    [Function("ChangePassword")]
    public Task<IActionResult> ChangePassword(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/settings/password")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
            var change = await JsonBody.ReadAsync<PasswordChange>(request, cancellationToken);
            if (change?.CurrentPassword is not { } current || change.NewPassword is not { } next)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "send {\"currentPassword\": ..., \"newPassword\": ...}");
            }

            if (next.Length < MinPasswordLength)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"the new password needs at least {MinPasswordLength} characters");
            }

            var settings = await config.GetAsync(cancellationToken);
            if (!passwords.Verify(settings.PasswordHash, current))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "the current password is wrong");
            }

            var updated = await UpdateAsync(s => s with { PasswordHash = PasswordHashing.Hash(next) }, cancellationToken);
            if (updated.Rejection is { } rejection)
            {
                return rejection;
            }

            await context.AuditAsync("password changed", context.User);
            return ApiResults.Json(new { status = "changed" });
        }, cancellationToken);

    [Function("RegenerateClientSecret")]
    public Task<IActionResult> RegenerateClientSecret(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/settings/client-secret")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
            var updated = await UpdateAsync(s => s with { ClientSecret = Secrets.NewSecret(48) }, cancellationToken);
            if (updated.Rejection is { } rejection)
            {
                return rejection;
            }

            await context.AuditAsync("client secret regenerated", "watches paired with the shared secret must pair again");
            return ApiResults.Json(new { clientSecret = updated.Settings!.ClientSecret });
        }, cancellationToken);

    private async Task<(StudySettings? Settings, IActionResult? Rejection)> UpdateAsync(Func<StudySettings, StudySettings> change, CancellationToken cancellationToken)
    {
        try
        {
            return (await config.UpdateAsync(change, cancellationToken), null);
        }
        catch (ConfigDocumentBrokenException e)
        {
            return (null, ApiResults.Error(StatusCodes.Status409Conflict, e.Message));
        }
    }

    private static string? Problem(SettingsChange change, long deploymentMaxUpload)
    {
        if (change.User is { } user && (user.Trim().Length is 0 or > 64 || user.Contains(':', StringComparison.Ordinal)))
        {
            return "the user name needs 1 to 64 characters and no ':'";
        }

        if (change.AllowedEndings is { } endings
            && (endings.Count == 0 || endings.Any(e => !FileEnding().IsMatch(e.Trim().TrimStart('.').ToLowerInvariant()))))
        {
            return "allowed endings are a non-empty list of endings such as \"csv\" (letters and digits)";
        }

        if (change.MaxUploadBytes is { } max && (max < 1024 || max > deploymentMaxUpload))
        {
            return $"the maximum upload size must be from 1024 bytes to {deploymentMaxUpload} bytes (the deployment's limit, app setting Recordings__MaxUploadBytes)";
        }

        if (change.PairingRequestLifetimeMinutes is { } minutes && minutes is < 1 or > 60 * 24 * 30)
        {
            return "the pairing request lifetime must be from 1 minute to 30 days";
        }

        if (change.MaxPendingPairingRequests is { } pending && pending is < 1 or > MaxPendingPairingRequestsLimit)
        {
            return $"the most pending pairing requests must be from 1 to {MaxPendingPairingRequestsLimit}";
        }

        if (change.MaxPendingPairingRequestsPerSource is { } perSource && perSource is < 1 or > MaxPendingPairingRequestsLimit)
        {
            return $"the most pending pairing requests from one address must be from 1 to {MaxPendingPairingRequestsLimit}";
        }

        if (new[] { change.SetTags, change.ExcludingSetTags }.Any(tags => tags?.Any(t => !StudySettings.IsTag(t)) == true))
        {
            return $"set tags must be lists of tags of 1 to {StudySettings.MaxTagLength} characters";
        }

        if (change.SilentDays is { } days && days is < 1 or > 365)
        {
            return "the days without upload before a participant is flagged must be from 1 to 365";
        }

        return null;
    }

    private static IEnumerable<string> ChangedKeys(SettingsChange change) =>
        new (string Key, object? Value)[]
        {
            ("user", change.User), ("hideMicFiles", change.HideMicFiles), ("renameMicFiles", change.RenameMicFiles),
            ("packMicFiles", change.PackMicFiles), ("allowedEndings", change.AllowedEndings), ("maxUploadBytes", change.MaxUploadBytes),
            ("pairingRequestLifetimeMinutes", change.PairingRequestLifetimeMinutes), ("maxPendingPairingRequests", change.MaxPendingPairingRequests),
            ("maxPendingPairingRequestsPerSource", change.MaxPendingPairingRequestsPerSource), ("acceptClientSecret", change.AcceptClientSecret),
            ("setTags", change.SetTags), ("excludingSetTags", change.ExcludingSetTags), ("silentDays", change.SilentDays),
        }.Where(pair => pair.Value is not null).Select(pair => pair.Key);

    private object SettingsJson(StudySettings settings) => new
    {
        user = settings.User,
        hideMicFiles = settings.HideMicFiles,
        renameMicFiles = settings.RenameMicFiles,
        packMicFiles = settings.PackMicFiles,
        allowedEndings = settings.AllowedEndings,
        maxUploadBytes = settings.MaxUploadBytes,
        pairingRequestLifetimeMinutes = settings.PairingRequestLifetimeMinutes,
        maxPendingPairingRequests = settings.MaxPendingPairingRequests,
        maxPendingPairingRequestsPerSource = settings.MaxPendingPairingRequestsPerSource,
        acceptClientSecret = settings.AcceptClientSecret,
        setTags = settings.SetTags,
        excludingSetTags = settings.ExcludingSetTags,
        silentDays = settings.SilentDays,
        clientSecret = settings.ClientSecret,
        documentIsBroken = config.DocumentIsBroken,
    };

    private sealed record SettingsChange(
        string? User,
        bool? HideMicFiles,
        bool? RenameMicFiles,
        bool? PackMicFiles,
        List<string>? AllowedEndings,
        long? MaxUploadBytes,
        int? PairingRequestLifetimeMinutes,
        int? MaxPendingPairingRequests,
        int? MaxPendingPairingRequestsPerSource,
        bool? AcceptClientSecret,
        List<string>? SetTags,
        List<string>? ExcludingSetTags,
        int? SilentDays);

    private sealed record PasswordChange(string? CurrentPassword, string? NewPassword);
}
