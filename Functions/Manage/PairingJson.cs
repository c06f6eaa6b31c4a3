namespace RecordingFunctions.Manage;

/// <summary>A pairing request as the Devices view lists it.</summary>
/// <param name="SuggestedParticipant">What "grant and create the participant" offers for an identifier <c>&lt;alias&gt;[&lt;android_id&gt;]</c>; null for another.</param>
public sealed record PairingRequestJson(
    string Id, string Identifier, DateTimeOffset RequestedAt, string Source, bool Granted, DateTimeOffset? GrantedAt, SuggestedParticipantJson? SuggestedParticipant)
{
    public static PairingRequestJson Of(PairingRequest request) => new(
        request.Id,
        request.Identifier,
        request.RequestedAt,
        request.Source,
        request.Granted,
        request.GrantedAt,
        AndroidIds.FromIdentifier(request.Identifier) is { } androidId
            ? new SuggestedParticipantJson(AndroidIds.AliasInIdentifier(request.Identifier), androidId)
            : null);
}

public sealed record SuggestedParticipantJson(string? Alias, string AndroidId);

/// <summary>A paired device as the Devices view lists it; <see cref="RevokedAt"/> is set once its token no longer works.</summary>
public sealed record DeviceJson(string Id, string Identifier, DateTimeOffset PairedAt, DateTimeOffset LastSeen, int SetsUploaded, DateTimeOffset? RevokedAt)
{
    public static DeviceJson Of(PairedDevice device) =>
        new(device.Id, device.Identifier, device.PairedAt, device.LastSeen, device.SetsUploaded, device.RevokedAt);
}
