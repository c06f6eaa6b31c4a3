using Microsoft.Playwright;
using RecordingFunctions.Tests.Archive;
using RecordingFunctions.Tests.Participants;
using static Microsoft.Playwright.Assertions;

namespace RecordingFunctions.Tests.Browser;

/// <summary>Participants created, handed a watch over and deleted in the page, and created with a grant.</summary>
[Collection(BrowserTests.Collection)]
public sealed class ParticipantJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_participants_sets_appear_under_it_and_after_a_hand_over_the_next_participant_gets_the_new_sets()
    {
        await using var app = await TestApp.StartAsync();
        var androidId = ParticipantWatch.NewAndroidId();
        var watch = await app.PairedWatchAsync("SM-R860");
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "participants");

        await console.GoToAsync("participants");
        await CreateAsync(console, "Anna", androidId, "left wrist");
        var anna = console.Page.Locator("#participants tbody tr", new() { HasText = "Anna" });
        await Expect(anna).ToContainTextAsync("active");
        await console.ScreenshotAsync("participants");
        var annaId = await IdOfAsync(app, "Anna");

        var annasSet = await watch.UploadSetWithMetaInfoAsync(androidId, DateTimeOffset.UtcNow);
        await app.AssignedEventuallyAsync(annasSet, annaId);
        await anna.GetByRole(AriaRole.Link, new() { Name = "Anna" }).ClickAsync();
        await Expect(console.Page.Locator("#participant-title")).ToHaveTextAsync("Anna");
        await Expect(console.Page.Locator("#participant-sets tbody tr")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator("#participant-sets tbody tr")).ToContainTextAsync(annasSet);
        await console.ScreenshotAsync("participant");

        // The hand-over: Anna made inactive, Ben active on the same watch.
        await console.GoToAsync("participants");
        await anna.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(console.Page.Locator("#participant-alias")).ToHaveValueAsync("Anna");
        await console.Page.Locator("#participant-active").UncheckAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Save participant" }).ClickAsync();
        await Expect(anna).ToContainTextAsync("inactive");
        await CreateAsync(console, "Ben", androidId, "");
        var benId = await IdOfAsync(app, "Ben");

        // The list's search keeps the participants whose alias, android id or notes hold the text.
        await console.Page.Locator("#participants-search-text").FillAsync("wrist");
        await Expect(console.Page.Locator("#participants tbody tr")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator("#participants tbody tr")).ToContainTextAsync("Anna");
        await Expect(console.Page.Locator("#participants-next")).ToBeDisabledAsync();
        await console.Page.Locator("#participants-search-text").FillAsync("");
        await Expect(console.Page.Locator("#participants tbody tr")).ToHaveCountAsync(2);

        var bensSet = await watch.UploadSetWithMetaInfoAsync(androidId, DateTimeOffset.UtcNow);
        await app.AssignedEventuallyAsync(bensSet, benId);
        await console.GoToAsync($"participant/{benId}");
        await Expect(console.Page.Locator("#participant-sets tbody tr")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator("#participant-sets tbody tr")).ToContainTextAsync(bensSet);
        await console.GoToAsync($"participant/{annaId}");
        await Expect(console.Page.Locator("#participant-sets tbody tr")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator("#participant-sets tbody tr")).ToContainTextAsync(annasSet);

        await console.GoToAsync("recordings");
        await Expect(console.Page.Locator("#recordings tbody tr", new() { HasText = annasSet })).ToContainTextAsync("Anna");
        await Expect(console.Page.Locator("#recordings tbody tr", new() { HasText = bensSet })).ToContainTextAsync("Ben");
        await console.ScreenshotAsync("recordings");
        await console.Page.Locator("#recordings tbody tr", new() { HasText = bensSet }).GetByRole(AriaRole.Link, new() { Name = bensSet }).ClickAsync();
        await Expect(console.Page.Locator("#set-facts")).ToContainTextAsync("Ben");
        await Expect(console.Page.Locator("#set-facts")).ToContainTextAsync(androidId);

        // Unassigned by hand from the participant's view, then deleted with a confirmation: the recordings stay.
        await console.GoToAsync($"participant/{benId}");
        await console.Page.Locator("#participant-sets tbody tr").GetByRole(AriaRole.Button, new() { Name = "Unassign" }).ClickAsync();
        await Expect(console.Page.Locator("#participant-sets tbody tr")).ToHaveCountAsync(0);
        await console.Page.Locator("#participant-assign-sets").FillAsync(bensSet);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Assign to this participant" }).ClickAsync();
        await Expect(console.Page.Locator("#participant-sets tbody tr")).ToContainTextAsync("by hand");
        await console.GoToAsync("participants");
        await console.Page.Locator("#participants tbody tr", new() { HasText = "Ben" }).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(console.Page.Locator("#participants tbody tr")).ToHaveCountAsync(1);
        Assert.Contains(console.Dialogs, d => d.StartsWith("confirm:", StringComparison.Ordinal) && d.Contains("Ben", StringComparison.Ordinal));
        Assert.Equal(1, (await app.SetAsync(bensSet)).GetProperty("fileCount").GetInt32());
        console.AssertNoProblems();
    }

    [Fact]
    public async Task Granting_a_watch_in_the_Devices_view_can_create_its_participant_prefilled_from_the_identifier()
    {
        await using var app = await TestApp.StartAsync();
        var androidId = ParticipantWatch.NewAndroidId();
        var identifier = $"Cleo[{androidId}]";
        var watch = SimulatedWatch.Of2022(app);
        await watch.RequestTokenAsync(Uri.EscapeDataString(identifier));
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "grant-participant");

        await console.GoToAsync("devices");
        var request = console.Page.Locator("#pairing-requests tbody tr", new() { HasText = identifier });
        await Expect(request.Locator(".grant-alias")).ToHaveValueAsync("Cleo");
        await Expect(request.Locator(".grant-android-id")).ToHaveValueAsync(androidId);
        await request.Locator(".grant-create").CheckAsync();
        await console.ScreenshotAsync("devices");
        await request.GetByRole(AriaRole.Button, new() { Name = "Grant" }).ClickAsync();
        await Expect(console.Page.Locator("#notices")).ToContainTextAsync("participant Cleo created");

        Assert.Equal("grant", (await watch.RequestTokenAsync(Uri.EscapeDataString(identifier))).GetProperty("status").GetString());
        await console.GoToAsync("participants");
        await Expect(console.Page.Locator("#participants tbody tr", new() { HasText = "Cleo" })).ToContainTextAsync(androidId);
        console.AssertNoProblems();
    }

    [Fact]
    public async Task A_set_with_metaInfo_and_evaluation_appears_under_its_participant_with_its_statistics_and_day_row()
    {
        await using var app = await TestApp.StartAsync();
        var androidId = ParticipantWatch.NewAndroidId();
        var watch = await app.PairedWatchAsync($"SM-R860[{androidId}]");
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "participant-statistics");

        await console.GoToAsync("participants");
        await CreateAsync(console, "Carla", androidId, "");
        var carlaId = await IdOfAsync(app, "Carla");
        await Expect(console.Page.Locator("#participants tbody tr", new() { HasText = "Carla" })).ToContainTextAsync("none yet");

        // Recorded just now, while Carla is active (the date is written to the second, so a moment later); both answers
        // a minute after the start, so on one day.
        const long second = 1_000_000_000;
        const long start = 9_000 * second;
        var recordedAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var stamp = $"{recordedAt.UtcDateTime:yyyy-MM-ddTHH_mm}+0000_{androidId}";
        var setId = await watch.NewSetAsync();
        var meta = $$"""{"android_id": "{{androidId}}", "date": "{{recordedAt:yyyy-MM-ddTHH:mm:ssZ}}", "start_time_stamp": {{start}}, "version": "0.9.4", "tf_model": "hand_wash_20.tflite"}""";
        (await watch.UploadAsync(setId, $"metaInfo_0_{stamp}.json", System.Text.Encoding.UTF8.GetBytes(meta))).EnsureSuccessStatusCode();
        (await watch.UploadAsync(setId, $"evaluation_0_{stamp}.csv", System.Text.Encoding.UTF8.GetBytes($"{start + 60 * second}\t1\t0\t2\t3\n{start + 61 * second}\t0\t0\t4\t5\n"))).EnsureSuccessStatusCode();
        await app.AssignedEventuallyAsync(setId, carlaId);
        await Eventually.UntilAsync(
            "the set's statistics",
            async () => (await app.SetAsync(setId)).GetProperty("statistics"),
            s => s.ValueKind == System.Text.Json.JsonValueKind.Object && s.GetProperty("totals").GetProperty("handWashesDetected").GetInt32() == 2);

        await console.GoToAsync($"participant/{carlaId}");
        await Expect(console.Page.Locator("#participant-sets tbody tr")).ToContainTextAsync(setId);
        await Expect(console.Page.Locator("#participant-sets tbody tr")).ToContainTextAsync("no data");
        var day = console.Page.Locator("#participant-days tbody tr");
        await Expect(day).ToHaveCountAsync(1);
        await Expect(day).ToContainTextAsync(recordedAt.AddMinutes(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(day.Locator("td[data-label=Detected]")).ToHaveTextAsync("2");
        await Expect(day.Locator("td[data-label=Yes]")).ToHaveTextAsync("1");
        await Expect(day.Locator("td[data-label=Tense]")).ToHaveTextAsync("3");
        await Expect(console.Page.Locator("#participant-days-chart canvas")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator("#participant-facts")).ToContainTextAsync("2 detected");
        await console.ScreenshotAsync("participant-days");
        var table = await console.Page.RunAndWaitForDownloadAsync(() => console.Page.Locator("#participant-sets-csv").ClickAsync());
        Assert.Null(await table.FailureAsync());
        var rows = (await File.ReadAllTextAsync(await table.PathAsync())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length);
        Assert.StartsWith(setId + ",", rows[1]);

        // The set view shows the figures and toggles the study's tags.
        await console.Page.Locator("#participant-sets tbody tr").GetByRole(AriaRole.Link, new() { Name = setId }).ClickAsync();
        await Expect(console.Page.Locator("#set-facts")).ToContainTextAsync("hand_wash_20.tflite");
        await Expect(console.Page.Locator("#set-facts")).ToContainTextAsync("0 marked, 2 detected");
        await console.Page.Locator("#set-tags").GetByRole(AriaRole.Button, new() { Name = "exclude" }).ClickAsync();
        await Expect(console.Page.Locator("#set-tags").GetByRole(AriaRole.Button, new() { Name = "exclude" })).ToHaveAttributeAsync("aria-pressed", "true");
        await console.GoToAsync($"participant/{carlaId}");
        await Expect(console.Page.Locator("#participant-days tbody tr")).ToHaveCountAsync(0);
        await Expect(console.Page.Locator("#participant-facts")).ToContainTextAsync("Excluded sets1");
        console.AssertNoProblems();
    }

    [Fact]
    public async Task A_participants_own_model_given_in_the_page_reaches_its_watch_while_another_watch_gets_the_default()
    {
        await using var app = await TestApp.StartAsync();
        byte[] studyDefault = [.. Enumerable.Range(0, 2000).Select(i => (byte)(i * 3))];
        byte[] annasModel = [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 5))];
        byte[] bensModel = [.. Enumerable.Range(0, 4000).Select(i => (byte)(i * 7))];
        await app.AddModelAsync("study_default", "tflite", studyDefault);
        await app.AddModelAsync("anna_model", "ort", annasModel, activate: false);
        var annasWatch = ParticipantWatch.NewAndroidId();
        var bensWatch = ParticipantWatch.NewAndroidId();
        await app.CreateParticipantAsync("Anna", annasWatch);
        await app.CreateParticipantAsync("Ben", bensWatch);
        var annaId = await IdOfAsync(app, "Anna");
        var benId = await IdOfAsync(app, "Ben");
        var watch = SimulatedWatch.Of2021(app);
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "participant-model");

        // Anna gets a model from the library.
        await console.GoToAsync($"participant/{annaId}");
        var status = console.Page.Locator("#participant-model-status");
        await Expect(status).ToContainTextAsync("the default: the study's active model, study_default.tflite");
        await console.Page.Locator("#participant-model-select").SelectOptionAsync("anna_model");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Give this model" }).ClickAsync();
        await Expect(status).ToContainTextAsync($"Its own model, anna_model.ort: its watch ({annasWatch}) gets it.");
        await console.ScreenshotAsync("participant-model");

        var annas = await watch.FetchModelAsync(annasWatch);
        Assert.Equal(("anna_model.ort", "anna_model.ort"), (annas.CheckedName, annas.FileName));
        Assert.Equal(annasModel, annas.Model);
        var bens = await watch.FetchModelAsync(bensWatch);
        Assert.Equal(("study_default.tflite", "study_default.tflite"), (bens.CheckedName, bens.FileName));
        Assert.Equal(studyDefault, bens.Model);

        // Ben gets one uploaded in his view: it goes into the library and to his watch only.
        await console.GoToAsync($"participant/{benId}");
        await console.Page.Locator("#participant-model-upload-details summary").ClickAsync();
        await ModelJourneyTests.FillModelFormAsync(console, "ben_model.tflite", bensModel, frameSize: 75, ["gyroscope", "accelerometer"], form: "participant-model");
        await Expect(console.Page.Locator("#participant-model-sensor-order")).ToHaveTextAsync("gyroscope (4) → accelerometer (1)");
        await console.ScreenshotAsync("participant-model-upload");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and give this model" }).ClickAsync();
        await Expect(status).ToContainTextAsync("Its own model, ben_model.tflite");
        bens = await watch.FetchModelAsync(bensWatch);
        Assert.Equal(("ben_model.tflite", "ben_model.tflite", "ben_model.json"), (bens.CheckedName, bens.FileName, bens.SettingsFileName));
        Assert.Equal(bensModel, bens.Model);
        Assert.Equal([4, 1], bens.Settings.GetProperty("required_sensors").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal("study_default.tflite", (await watch.FetchModelAsync(ParticipantWatch.NewAndroidId())).CheckedName);

        // The Models view names who has which model, and offers no deletion of a model a participant has.
        await console.GoToAsync("models");
        var annasRow = console.Page.Locator("#models tbody tr", new() { HasText = "anna_model.ort" });
        var bensRow = console.Page.Locator("#models tbody tr", new() { HasText = "ben_model.tflite" });
        await Expect(annasRow.Locator("td[data-label=Participants]")).ToHaveTextAsync("Anna");
        await Expect(bensRow.Locator("td[data-label=Participants]")).ToHaveTextAsync("Ben");
        await Expect(bensRow.Locator(".badge")).ToHaveCountAsync(0);
        await Expect(annasRow.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToHaveCountAsync(0);
        await console.ScreenshotAsync("models");
        await console.GoToAsync("participants");
        await Expect(console.Page.Locator("#participants tbody tr", new() { HasText = "Anna" }).Locator("td[data-label=Model]")).ToHaveTextAsync("anna_model");

        // Anna back to the default, from her view (reached from the Models view's link).
        await console.GoToAsync("models");
        await annasRow.GetByRole(AriaRole.Link, new() { Name = "Anna" }).ClickAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Back to the default" }).ClickAsync();
        await Expect(status).ToContainTextAsync("the default: the study's active model, study_default.tflite");
        annas = await watch.FetchModelAsync(annasWatch);
        Assert.Equal(("study_default.tflite", "study_default.tflite"), (annas.CheckedName, annas.FileName));
        Assert.Equal(studyDefault, annas.Model);
        console.AssertNoProblems();
    }

    [Fact]
    public async Task Export_all_data_offers_a_link_whose_zip_unzips_with_every_file_byte_identical()
    {
        await using var app = await TestApp.StartAsync();
        var dana = (await app.CreateParticipantAsync("Dana", ParticipantWatch.NewAndroidId())).GetProperty("id").GetString()!;
        var watch = await app.PairedWatchAsync();
        var expected = new Dictionary<string, byte[]>();
        foreach (var battery in new[] { "1\t97\n", "2\t96\n" })
        {
            var setId = await watch.NewSetAsync();
            var files = new Dictionary<string, byte[]>
            {
                ["battery_0.csv"] = System.Text.Encoding.UTF8.GetBytes(battery),
                ["video 0.mkv"] = System.Security.Cryptography.RandomNumberGenerator.GetBytes(300_000),
            };
            foreach (var (name, content) in files)
            {
                (await watch.UploadAsync(setId, name, content)).EnsureSuccessStatusCode();
                expected[$"{setId}/{name}"] = content;
            }

            using var assigned = await app.Admin.PostAsJsonAsync($"manage/api/participants/{dana}/assign", new { sets = new[] { setId } });
            Assert.Equal(System.Net.HttpStatusCode.OK, assigned.StatusCode);
            await app.IndexSettledAsync(setId, files: files.Count);
        }

        await using var console = await ConsoleSession.OpenAsync(chromium, app, "participant-export");
        await console.GoToAsync($"participant/{dana}");
        await Expect(console.Page.Locator("#participant-sets tbody tr")).ToHaveCountAsync(2);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Export all data" }).ClickAsync();
        var link = console.Page.Locator("#participant-export-download");
        await Expect(link).ToContainTextAsync($"participant-{dana}-");
        await Expect(console.Page.Locator("#participant-export-link")).ToContainTextAsync("2 sets, 4 files");
        await Expect(console.Page.Locator("#participant-export-link")).ToContainTextAsync("The link works until");
        await console.ScreenshotAsync("participant-export");

        var download = await console.Page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Null(await download.FailureAsync());
        Assert.Matches($"^participant-{dana}-.*\\.zip$", download.SuggestedFilename);
        var zip = await File.ReadAllBytesAsync(await download.PathAsync());
        ZipAssert.PassesUnzipTest(zip);
        using (var csv = await app.Admin.GetAsync($"manage/api/participants/{dana}/sets.csv"))
        {
            expected[$"participant-{dana}-sets.csv"] = await csv.Content.ReadAsByteArrayAsync();
        }

        ZipAssert.HoldsExactly(zip, expected);
        console.AssertNoProblems();
    }

    private static async Task CreateAsync(ConsoleSession console, string alias, string androidId, string notes)
    {
        await console.Page.Locator("#participant-alias").FillAsync(alias);
        await console.Page.Locator("#participant-android-id").FillAsync(androidId);
        await console.Page.Locator("#participant-notes").FillAsync(notes);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Create participant" }).ClickAsync();
        await Expect(console.Page.Locator("#participants tbody tr", new() { HasText = alias })).ToBeVisibleAsync();
    }

    private static async Task<string> IdOfAsync(TestApp app, string alias) =>
        (await app.ParticipantsAsync()).Single(p => p.GetProperty("alias").GetString() == alias).GetProperty("id").GetString()!;
}
