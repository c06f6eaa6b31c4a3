namespace RecordingFunctions.Manage;

/// <summary>
/// The study's settings as the admin page edits them, each key as <see cref="ConfigKeys"/> declares it. The password
/// hash is never shown.
/// </summary>
[AdminOnly]
public sealed class SettingsFunctions(ConfigStore config, PasswordHashing passwords, DeploymentLimits deployment)
{
    public const int MinPasswordLength = 8;

    [Function("GetSettings")]
    public async Task<IActionResult> GetSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/settings")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return ApiResults.Json(SettingsAnswer(await config.GetAsync(cancellationToken)));
    }

    [Function("ChangeSettings")]
    public async Task<IActionResult> ChangeSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/api/settings")] HttpRequest request,
        CancellationToken cancellationToken)
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
            SignedInAdmin.Of(request), edit.ApplyTo, "settings changed", update => ChangedSetting.Describe(update.Changes), update => SettingsAnswer(update.After), cancellationToken);
    }

    [Function("ChangePassword")]
    public async Task<IActionResult> ChangePassword(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/settings/password")] HttpRequest request,
        CancellationToken cancellationToken)
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

        var admin = SignedInAdmin.Of(request);
        return await ChangeAsync(
            admin, s => s with { PasswordHash = PasswordHashing.Hash(next) }, "password changed", _ => admin.User, _ => new { status = "changed" }, cancellationToken);
    }

    [Function("RegenerateClientSecret")]
    public Task<IActionResult> RegenerateClientSecret(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/settings/client-secret")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ChangeAsync(
            SignedInAdmin.Of(request), s => s with { ClientSecret = FirstStart.NewSecret() }, "client secret regenerated",
            _ => "watches paired with the shared secret must pair again", update => new { clientSecret = update.After.ClientSecret }, cancellationToken);

    /// <summary>
    /// Applies a change to the stored settings, notes it in the audit log when it changed a value, and answers; 409 when
    /// the stored document does not parse (nothing is changed).
    /// </summary>
    private async Task<IActionResult> ChangeAsync(
        SignedInAdmin admin,
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
            await admin.AuditAsync(action, detail(update));
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
