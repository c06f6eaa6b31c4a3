namespace RecordingFunctions.Participants;

/// <summary>Grants a pairing request and creates the participant wearing that watch in the same step.</summary>
public sealed class ParticipantEnrolment(PairingRequests pairing, ParticipantStore participants)
{
    /// <summary>
    /// Creates the participant first, so that a refused participant (alias taken, watch busy) leaves the request
    /// ungranted; a request that is gone by then takes the new participant away again.
    /// </summary>
    public async Task<EnrolmentOutcome> GrantAndCreateAsync(string requestId, ParticipantChange participant, TimeSpan requestLifetime, CancellationToken cancellationToken)
    {
        var created = await participants.CreateAsync(participant, cancellationToken);
        if (created.Participant is not { } newParticipant)
        {
            return new EnrolmentOutcome(null, created);
        }

        if (await pairing.GrantAsync(requestId, requestLifetime, cancellationToken) is not { } granted)
        {
            await participants.DeleteAsync(newParticipant.Id, cancellationToken);
            return new EnrolmentOutcome(null, created);
        }

        return new EnrolmentOutcome(granted, created);
    }
}

/// <summary>The granted request (null when there was no such request, or the participant was refused) and the participant's outcome.</summary>
public sealed record EnrolmentOutcome(PairingRequest? Granted, ParticipantOutcome Participant);
