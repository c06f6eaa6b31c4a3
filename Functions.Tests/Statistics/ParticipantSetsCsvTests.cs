using RecordingFunctions.Participants;
using RecordingFunctions.Statistics;

namespace RecordingFunctions.Tests.Statistics;

public sealed class ParticipantSetsCsvTests
{
    [Fact]
    public void A_field_with_a_comma_quote_or_line_break_is_quoted_with_its_quotes_doubled()
    {
        var set = new RecordingSetSummary(
            SetId.Parse("8f0e4a52-5d3c-4c1e-9d65-0d6f3c7a1b2e"), DateTimeOffset.UnixEpoch, "device-1", "SM-R860[abc]", 3, 1234, null, null,
            "Ward 3, \"night\"\nshift", [], [], [], new SetAssignment(null, null, null, null, false), null, ["test", "exclude"]);

        var csv = ParticipantSetsCsv.Write([set]);

        var lines = csv.Split("\r\n");
        Assert.StartsWith("uuid,recorded_at,first_upload,last_upload,files,bytes,device,android_id,description,tags,", lines[0]);
        Assert.StartsWith("8f0e4a52-5d3c-4c1e-9d65-0d6f3c7a1b2e,,,,3,1234,SM-R860[abc],,\"Ward 3, \"\"night\"\"\nshift\",test; exclude,", lines[1]);
        Assert.Equal("", lines[^1]);
    }

    [Fact]
    public void No_sets_give_the_header_alone() =>
        Assert.Single(ParticipantSetsCsv.Write([]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
}
