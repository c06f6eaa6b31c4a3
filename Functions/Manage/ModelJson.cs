namespace RecordingFunctions.Manage;

/// <summary>A model of the library as the Models view lists it and an upload answers it.</summary>
/// <param name="MissingKeys">The keys the watch builds of 5 to 22 April 2021 read unconditionally that its settings lack.</param>
/// <param name="Notice">Says so in a sentence; null when none is missing.</param>
/// <param name="Participants">Those given it as their own model.</param>
public sealed record ModelJson(
    string Name,
    string FileName,
    long Size,
    DateTimeOffset UploadedAt,
    bool Active,
    bool LoadableByWatches,
    JsonElement Settings,
    IReadOnlyList<string> MissingKeys,
    string? Notice,
    IEnumerable<ModelUserJson> Participants)
{
    public static ModelJson Of(ModelInfo model, IEnumerable<Participant> givenTo)
    {
        var missing = ModelSettings.MissingForApril2021Builds(model.Settings);
        return new ModelJson(
            model.Name,
            model.FileName,
            model.Size,
            model.UploadedAt,
            model.Active,
            model.LoadableByWatches,
            JsonDocument.Parse(model.Settings).RootElement,
            missing,
            ModelSettings.April2021Notice(missing),
            givenTo.Select(p => new ModelUserJson(p.Id, p.Alias, p.Active)));
    }
}

public sealed record ModelUserJson(string Id, string Alias, bool Active);
