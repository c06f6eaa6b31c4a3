using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace RecordingFunctions.Tests.Http;

/// <summary>The one reader of the API's query parameters (paging, limits, searches, the preview's window), without an app.</summary>
public sealed class QueryParametersTests
{
    private static QueryParameters Query(string query) => new(new QueryCollection(QueryHelpers.ParseQuery(query)));

    [Theory]
    [InlineData("", 50)]
    [InlineData("?pageSize=", 50)]
    [InlineData("?pageSize=1", 1)]
    [InlineData("?pageSize=500", 500)]
    [InlineData("?other=3", 50)]
    public void A_number_in_its_range_is_read_and_one_not_sent_is_the_default(string query, int expected)
    {
        var parameters = Query(query);

        Assert.Equal(expected, parameters.WholeNumber("pageSize", 50, 1, 500));
        Assert.Null(parameters.Problem);
    }

    [Theory]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=501")]
    [InlineData("?pageSize=-5")]
    [InlineData("?pageSize=+5")]
    [InlineData("?pageSize=%205")]
    [InlineData("?pageSize=5.0")]
    [InlineData("?pageSize=many")]
    [InlineData("?pageSize=99999999999")]
    [InlineData("?pageSize=5&pageSize=6")]
    public void A_number_outside_its_range_or_not_whole_digits_is_the_problem_named_with_its_range(string query)
    {
        var parameters = Query(query);

        Assert.Equal(50, parameters.WholeNumber("pageSize", 50, 1, 500));
        Assert.Equal("pageSize must be a whole number from 1 to 500", parameters.Problem);
    }

    [Fact]
    public void The_messages_name_the_unit_or_say_only_whole_number_when_there_is_no_range()
    {
        var days = Query("?silentDays=366");
        days.WholeNumber("silentDays", 2, 1, 365, "days");
        Assert.Equal("silentDays must be a whole number of days from 1 to 365", days.Problem);

        var points = Query("?points=many");
        Assert.Equal(2000, points.WholeNumber("points", 2000));
        Assert.Equal("points must be a whole number", points.Problem);
        Assert.Equal(1, Query("?points=1").WholeNumber("points", 2000));
    }

    [Fact]
    public void An_optional_bound_is_null_when_not_sent_and_its_own_message_when_not_whole()
    {
        const string bounds = "from and to must be time stamps in nanoseconds (whole, not negative)";
        var window = Query("?from=&to=12000000000");
        Assert.Null(window.WholeNumber("from", bounds));
        Assert.Equal(12_000_000_000, window.WholeNumber("to", bounds));
        Assert.Null(window.Problem);

        var negative = Query("?to=-5");
        Assert.Null(negative.WholeNumber("to", bounds));
        Assert.Equal(bounds, negative.Problem);
    }

    [Fact]
    public void The_first_problem_is_kept_and_text_is_trimmed()
    {
        var parameters = Query("?limit=0&pageSize=0&search=%20ward%203%20");

        parameters.WholeNumber("limit", 200, 1, 1000);
        parameters.WholeNumber("pageSize", 50, 1, 500);

        Assert.Equal("limit must be a whole number from 1 to 1000", parameters.Problem);
        Assert.Equal("ward 3", parameters.Text("search"));
        Assert.Equal("", parameters.Text("continuation"));
    }
}
