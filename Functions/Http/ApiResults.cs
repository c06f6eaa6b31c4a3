namespace RecordingFunctions.Http;

/// <summary>The JSON answers shared by every endpoint; errors keep the Flask server's shape <c>{"status": "error", "msg": ...}</c>.</summary>
public static class ApiResults
{
    public static JsonResult Error(int statusCode, string message) =>
        new(new { status = "error", msg = message }) { StatusCode = statusCode };

    public static JsonResult Json(object value, int statusCode = 200) => new(value) { StatusCode = statusCode };
}
