namespace RecordingFunctions.Tests.Configuration;

/// <summary>A change sent to the settings API, read and checked as each key declares it; no app started.</summary>
public sealed class SettingsEditTests
{
    private static readonly DeploymentLimits Deployment = new(MaxUploadBytes: 2 * 1024 * 1024);
    private static readonly StudySettings Defaults = ConfigMigration.Complete(ConfigDocument.Empty(), new FirstStart("admin", "a-password")).Settings;

    [Theory]
    [InlineData("""{"user": "a:b"}""", "Admin user needs 1 to 64 characters and no ':'")]
    [InlineData("""{"user": "  "}""", "Admin user needs 1 to 64 characters")]
    [InlineData("""{"allowedEndings": []}""", "Allowed file endings must be a non-empty list of endings such as \"csv\"")]
    [InlineData("""{"allowedEndings": ["tar.gz"]}""", "Allowed file endings must be a non-empty list of endings such as \"csv\"")]
    [InlineData("""{"maxUploadBytes": 1023}""", "Maximum upload size must be from 1024 bytes to 2097152 bytes (the deployment's limit, app setting Recordings__MaxUploadBytes)")]
    [InlineData("""{"maxUploadBytes": 2097153}""", "Maximum upload size must be from 1024 bytes to 2097152 bytes")]
    [InlineData("""{"pairingRequestLifetimeMinutes": 0}""", "Pairing request lifetime must be from 1 to 43200 minutes")]
    [InlineData("""{"pairingRequestLifetimeMinutes": 43201}""", "Pairing request lifetime must be from 1 to 43200 minutes")]
    [InlineData("""{"maxPendingPairingRequests": 1001}""", "Most pending pairing requests must be from 1 to 1000")]
    [InlineData("""{"maxPendingPairingRequestsPerSource": 0}""", "Most pending pairing requests from one address must be from 1 to 1000")]
    [InlineData("""{"setTags": [" "]}""", "Tags for sets must be a list of tags of 1 to 40 characters")]
    [InlineData("""{"excludingSetTags": ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]}""", "must be a list of tags of 1 to 40 characters")]
    [InlineData("""{"silentDays": 366}""", "must be from 1 to 365 days")]
    [InlineData("""{"hideMicFiles": "no"}""", "hideMicFiles must be true or false")]
    [InlineData("""{"silentDays": 1.5}""", "silentDays must be a whole number")]
    [InlineData("""{"maxUploadBytes": "1 MiB"}""", "maxUploadBytes must be a whole number of bytes")]
    [InlineData("""{"setTags": "test"}""", "setTags must be a list of texts")]
    [InlineData("""{"user": 7}""", "user must be a text")]
    public void A_value_outside_its_key_s_type_or_limits_is_refused_naming_them(string sent, string problem)
    {
        Assert.Null(SettingsEdit.Read(Parse(sent), Deployment, out var said));
        Assert.Contains(problem, said, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_normalised_as_their_key_declares()
    {
        var edit = Read("""{"user": " study ", "allowedEndings": ["CSV", " .mkv", "csv"], "setTags": [" pilot ", "pilot", "no data"], "maxUploadBytes": 2097152}""");

        var changed = edit.ApplyTo(Defaults);

        Assert.Equal("study", changed.User);
        Assert.Equal(["csv", "mkv"], changed.AllowedEndings);
        Assert.Equal(["pilot", "no data"], changed.SetTags);
        Assert.Equal(2 * 1024 * 1024, changed.MaxUploadBytes);
    }

    [Fact]
    public void Keys_not_sent_sent_as_null_or_not_editable_are_left_as_they_are()
    {
        var edit = Read("""{"HIDEMICFILES": false, "silentDays": null, "clientSecret": "chosen-by-a-caller", "pseudonymKey": "x", "unknown": 1}""");

        var changed = edit.ApplyTo(Defaults);

        Assert.Equal(["hideMicFiles"], ChangedSetting.Between(Defaults, changed).Select(change => change.Name));
    }

    [Fact]
    public void The_audit_detail_names_each_changed_key_with_its_values_and_a_secret_by_name_only()
    {
        var changed = Defaults with { HideMicFiles = false, SetTags = ["pilot"], ClientSecret = "new-secret", PasswordHash = "pbkdf2:new" };

        var changes = ChangedSetting.Between(Defaults, changed);

        Assert.Equal(
            "user_pw; hideMicFiles: true → false; setTags: [no data, test, exclude] → [pilot]; clientSecret",
            ChangedSetting.Describe(changes));
        Assert.DoesNotContain(Defaults.ClientSecret, ChangedSetting.Describe(changes), StringComparison.Ordinal);
        Assert.Empty(ChangedSetting.Between(Defaults, Defaults with { SetTags = [.. Defaults.SetTags] }));
    }

    [Fact]
    public void The_page_s_fields_are_the_editable_keys_with_their_labels_kinds_and_limits()
    {
        var json = SettingsJson.Of(Defaults, Deployment);
        var fields = JsonSerializer.SerializeToElement(json["fields"]).EnumerateArray().ToList();

        Assert.Equal(ConfigKeys.All.Where(key => key.Editable).Select(key => key.ApiName), fields.Select(field => field.GetProperty("name").GetString()));
        var upload = fields.Single(field => field.GetProperty("name").GetString() == "maxUploadBytes");
        Assert.Equal(("bytes", 1024, 2 * 1024 * 1024), (upload.GetProperty("type").GetString(), upload.GetProperty("min").GetInt64(), upload.GetProperty("max").GetInt64()));
        var hide = fields.Single(field => field.GetProperty("name").GetString() == "hideMicFiles");
        Assert.Equal("Microphone files", hide.GetProperty("group").GetProperty("legend").GetString());
        Assert.False(json.ContainsKey("pseudonymKey"));
        Assert.DoesNotContain(json.Values, value => value is string text && text == Defaults.PasswordHash);
    }

    private static SettingsEdit Read(string sent) =>
        SettingsEdit.Read(Parse(sent), Deployment, out var problem) ?? throw new InvalidOperationException(problem);

    private static Dictionary<string, JsonElement> Parse(string json) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
}
