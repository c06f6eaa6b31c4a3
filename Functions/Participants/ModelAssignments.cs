namespace RecordingFunctions.Participants;

/// <summary>
/// Which detection model a watch gets: the own model of the participant active on it now, else the study's active
/// model (protocol section 4: an unknown android id, or none, gets the default). Giving a participant a model, and the
/// library changes that could leave a watch with a model that is gone or that it cannot load, go through here.
/// </summary>
public sealed class ModelAssignments(ParticipantStore participants, ModelStore models, TimeProvider clock, ILogger<ModelAssignments> logger)
{
    private const int MaxAttempts = 10;

    /// <summary>
    /// The model for the watch that sent <paramref name="androidId"/> (the query's <c>androidid</c>, as sent; any case).
    /// Without one that could be an android id, the active model, read as before participants had models; with one,
    /// also the watch's guard row, its participant and that participant's model.
    /// </summary>
    public async Task<ModelInfo?> ForWatchAsync(string? androidId, CancellationToken cancellationToken)
    {
        if (AndroidIds.Normalize(androidId) is { } watch && await participants.ActiveOnWatchAsync(watch, cancellationToken) is { Model: { } name } participant)
        {
            if (await models.GetAsync(name, cancellationToken) is { LoadableByWatches: true } own)
            {
                return own;
            }

            // Only while a deletion or a replacement races with the gift of the model (AssignAsync undoes it then).
            logger.LogWarning("Participant {Alias} has the model {Model}, which the library no longer serves; its watch gets the default", participant.Alias, name);
        }

        return await models.GetActiveAsync(cancellationToken);
    }

    /// <summary>
    /// Gives the participant the library's model <paramref name="name"/>, one watches can load. The participant's row is
    /// written first and the model's row then marked, conditional on the version checked: a deletion of the model
    /// either sees the participant among its users or makes the mark fail, and the gift is then undone.
    /// </summary>
    public async Task<ParticipantOutcome> AssignAsync(string participantId, string name, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await models.GetVersionAsync(name, cancellationToken) is not { } version)
            {
                return ParticipantOutcome.Missing($"the library has no model '{name}'");
            }

            if (!version.Model.LoadableByWatches)
            {
                return ParticipantOutcome.Conflict(
                    $"watches load only .tflite and .ort models; {version.Model.FileName} is kept for the study but cannot be given to a watch");
            }

            if (await participants.SetModelAsync(participantId, name, cancellationToken) is not { } change)
            {
                return ParticipantOutcome.NotFound;
            }

            if (await models.MarkGivenAsync(version, cancellationToken))
            {
                return ParticipantOutcome.Done(change.Participant);
            }

            // Deleted or replaced since it was checked: undo, and check it again.
            await participants.RestoreModelAsync(participantId, name, change.PreviousModel, cancellationToken);
        }

        return ParticipantOutcome.Conflict($"the model '{name}' kept changing meanwhile; nothing was changed, try again");
    }

    /// <summary>
    /// Adds an uploaded model to the library under its name and gives it to the participant. It must be one watches
    /// can load, and its name new to the library: replacing a model here would change it for everyone it is given to.
    /// Unlike the library's own upload, it never becomes the study's active model.
    /// </summary>
    public async Task<ParticipantOutcome> AddAndAssignAsync(
        string participantId, ModelFileName file, Stream content, string settingsJson, long maxBytes, CancellationToken cancellationToken)
    {
        if (!file.LoadableByWatches)
        {
            return ParticipantOutcome.Invalid($"watches load only .tflite and .ort models; a .{file.Ending} can be kept in the library (Models) but not given to a watch");
        }

        if (await participants.GetAsync(participantId, cancellationToken) is null)
        {
            return ParticipantOutcome.NotFound;
        }

        if (await models.GetAsync(file.Name, cancellationToken) is { } taken)
        {
            return ParticipantOutcome.Conflict(
                $"the library has a model named '{file.Name}' already ({taken.FileName}): choose it from the library, or upload this one under another name");
        }

        await models.AddAsync(file, content, settingsJson, maxBytes, clock.GetUtcNow(), activateIfFirst: false, cancellationToken);
        return await AssignAsync(participantId, file.Name, cancellationToken);
    }

    /// <summary>Returns the participant to the study's active model.</summary>
    public async Task<ParticipantOutcome> ClearAsync(string participantId, CancellationToken cancellationToken) =>
        await participants.SetModelAsync(participantId, null, cancellationToken) is { } change
            ? ParticipantOutcome.Done(change.Participant)
            : ParticipantOutcome.NotFound;

    /// <summary>Adds a model to the library, unless it would replace a model watches get with one they cannot load (a .pt).</summary>
    /// <returns>The model added, or why not.</returns>
    public async Task<(ModelInfo? Model, string? Refusal)> AddToLibraryAsync(
        ModelFileName file, Stream content, string settingsJson, long maxBytes, CancellationToken cancellationToken)
    {
        if (!file.LoadableByWatches && await models.GetAsync(file.Name, cancellationToken) is { LoadableByWatches: true } served)
        {
            var users = await participants.UsingModelAsync(file.Name, cancellationToken);
            if (served.Active || users.Count > 0)
            {
                var givenTo = served.Active ? "it is the active model" : $"it is given to {string.Join(", ", users.Select(p => p.Alias))}";
                return (null, $"{served.FileName} cannot be replaced by a .{file.Ending}, which watches cannot load ({givenTo}); upload it under another name");
            }
        }

        return (await models.AddAsync(file, content, settingsJson, maxBytes, cancellationToken), null);
    }

    /// <summary>Deletes a model from the library unless participants are given it (then their aliases).</summary>
    public Task<(ModelDeletion Result, IReadOnlyList<string> UsedBy)> DeleteFromLibraryAsync(string name, CancellationToken cancellationToken) =>
        models.DeleteAsync(
            name, async token => [.. (await participants.UsingModelAsync(name, token)).Select(p => p.Alias)], cancellationToken);

    /// <summary>The participants given the model <paramref name="name"/>, by alias.</summary>
    public Task<IReadOnlyList<Participant>> UsersOfAsync(string name, CancellationToken cancellationToken) =>
        participants.UsingModelAsync(name, cancellationToken);

    /// <summary>The participants given each model, by the model's name: one read of the participants.</summary>
    public async Task<ILookup<string, Participant>> UsersByModelAsync(CancellationToken cancellationToken) =>
        (await participants.ListAsync(cancellationToken)).Where(p => p.Model is not null).ToLookup(p => p.Model!);
}
