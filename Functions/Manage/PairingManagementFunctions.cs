namespace RecordingFunctions.Manage;

/// <summary>Pairing requests waiting for the admin, and the devices paired so far.</summary>
[AdminOnly]
public sealed class PairingManagementFunctions(PairingRequests pairing, DeviceRegistry devices, ConfigStore config, ParticipantEnrolment enrolment)
{
    [Function("ListPairingRequests")]
    public async Task<IActionResult> ListPairingRequests(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/pairing/requests")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var settings = await config.GetAsync(cancellationToken);
        var requests = await pairing.ListRequestsAsync(settings.PairingRequestLifetime, new QueryParameters(request.Query).Text("search"), cancellationToken);
        return ApiResults.Json(requests.Select(PairingRequestJson.Of));
    }

    [Function("GrantPairingRequest")]
    public async Task<IActionResult> GrantPairingRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/pairing/requests/{id}/grant")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var admin = SignedInAdmin.Of(request);
        var settings = await config.GetAsync(cancellationToken);
        ParticipantChange? participant = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            if (await JsonBody.ReadAsync<GrantBody>(request, cancellationToken) is not { } body)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "send no body, or {\"participant\": {\"alias\": \"...\", \"androidId\": \"...\", \"notes\": \"...\"}} to create the participant too");
            }

            participant = body.Participant;
        }

        PairingRequest? granted;
        Participant? created = null;
        if (participant is null)
        {
            granted = await pairing.GrantAsync(id, settings.PairingRequestLifetime, cancellationToken);
        }
        else
        {
            var outcome = await enrolment.GrantAndCreateAsync(id, participant with { Active = true }, settings.PairingRequestLifetime, cancellationToken);
            if (outcome.Participant.Participant is null)
            {
                return ParticipantFunctions.Refusal(outcome.Participant);
            }

            granted = outcome.Granted;
            created = outcome.Participant.Participant;
        }

        if (granted is null)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, "no such pairing request (it may have expired or been collected)");
        }

        await admin.AuditAsync("grant", $"pairing request of {granted.Identifier} from {granted.Source}");
        if (created is not null)
        {
            await admin.AuditAsync("participant created", $"{created.Alias} on {created.AndroidId}, with the grant of {granted.Identifier}");
        }

        return ApiResults.Json(new
        {
            status = "granted",
            id,
            identifier = granted.Identifier,
            participant = created is null ? null : ParticipantJson.Of(created),
        });
    }

    [Function("DenyPairingRequest")]
    public async Task<IActionResult> DenyPairingRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/pairing/requests/{id}/deny")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var admin = SignedInAdmin.Of(request);
        if (await pairing.DenyAsync(id, cancellationToken) is not { } denied)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, "no such pairing request");
        }

        await admin.AuditAsync("deny", $"pairing request of {denied.Identifier} from {denied.Source}");
        return ApiResults.Json(new { status = "denied", id, identifier = denied.Identifier });
    }

    [Function("ListDevices")]
    public async Task<IActionResult> ListDevices(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/devices")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var paired = await devices.ListDevicesAsync(cancellationToken);
        return ApiResults.Json(paired.Select(DeviceJson.Of));
    }

    [Function("RevokeDevice")]
    public async Task<IActionResult> RevokeDevice(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/api/devices/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var admin = SignedInAdmin.Of(request);
        if (await devices.RevokeAsync(id, cancellationToken) is not { } revocation)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, "no such device");
        }

        var identifier = revocation.Device.Identifier;
        if (revocation.Removed)
        {
            await admin.AuditAsync("remove revoked device", $"device {identifier}");
            return ApiResults.Json(new { status = "removed", id, identifier });
        }

        await admin.AuditAsync("revoke", $"device {identifier}");
        return ApiResults.Json(new { status = "revoked", id, identifier, revokedAt = revocation.Device.RevokedAt });
    }

    private sealed record GrantBody(ParticipantChange? Participant);
}
