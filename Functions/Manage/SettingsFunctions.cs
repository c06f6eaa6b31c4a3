using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RecordingFunctions.Configuration;
using RecordingFunctions.Http;
using RecordingFunctions.Security;

namespace RecordingFunctions.Manage;

/// <summary>
/// The study's settings as the admin page edits them, each key as <see cref="ConfigKeys"/> declares it. The password
/// hash is never shown.
/// </summary>
public sealed class SettingsFunctions(AdminRequest admin, ConfigStore config, PasswordHashing passwords, DeploymentLimits deployment)
{
    public const int MinPasswordLength = 8;

    [Function("GetSettings")]
    public Task<IActionResult> GetSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/settings")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async _ => ApiResults.Json(SettingsAnswer(await config.GetAsync(cancellationToken))), cancellationToken);

    [Function("ChangeSettings")]
    public Task<IActionResult> ChangeSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/api/settings")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
            if (await JsonBody.ReadAsync<Dictionary<string, JsonElement>>(request, cancellationToken) is not { } sent)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "send a JSON object with the settings to change");
            }

            if (SettingsEdit.Read(sent, deployment, out var problem) is not { } edit)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, problem!);
            }

            return await ChangeAsync(
                context, edit.ApplyTo, "settings changed", update => ChangedSetting.Describe(update.Changes), update => SettingsAnswer(update.After), cancellationToken);
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

            return await ChangeAsync(
                context, s => s with { PasswordHash = PasswordHashing.Hash(next) }, "password changed", _ => context.User, _ => new { status = "changed" }, cancellationToken);
        }, cancellationToken);

    [Function("RegenerateClientSecret")]
    public Task<IActionResult> RegenerateClientSecret(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/settings/client-secret")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(
            request,
            context => ChangeAsync(
                context, s => s with { ClientSecret = FirstStart.NewSecret() }, "client secret regenerated",
                _ => "watches paired with the shared secret must pair again", update => new { clientSecret = update.After.ClientSecret }, cancellationToken),
            cancellationToken);

    /// <summary>
    /// Applies a change to the stored settings, notes it in the audit log when it changed a value, and answers; 409 when
    /// the stored document does not parse (nothing is changed).
    /// </summary>
    private async Task<IActionResult> ChangeAsync(
        AdminContext context,
        Func<StudySettings, StudySettings> change,
        string action,
        Func<SettingsUpdate, string> detail,
        Func<SettingsUpdate, object> answer,
        CancellationToken cancellationToken)
    {
        SettingsUpdate update;
        try
        {
            update = await config.UpdateAsync(change, cancellationToken);
        }
        catch (ConfigDocumentBrokenException e)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, e.Message);
        }

        if (update.Changes.Count > 0)
        {
            await context.AuditAsync(action, detail(update));
        }

        return ApiResults.Json(answer(update));
    }

    private Dictionary<string, object?> SettingsAnswer(StudySettings settings)
    {
        var answer = SettingsJson.Of(settings, deployment);
        answer["documentIsBroken"] = config.DocumentIsBroken;
        return answer;
    }

    private sealed record PasswordChange(string? CurrentPassword, string? NewPassword);
}
