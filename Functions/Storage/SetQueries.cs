using System.Runtime.CompilerServices;

namespace RecordingFunctions.Storage;

/// <summary>Reads the set index (see <see cref="SetRow"/>): one set, a page of sets newest first with a search, or the sets whose rows meet a filter.</summary>
public sealed class SetQueries(StorageTables tables)
{
    private TableClient Table => tables.RecordingSets;

    public async Task<RecordingSetSummary?> GetAsync(SetId set, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(SetRow.Partition, SetRow.Key(set), cancellationToken: cancellationToken);
        return found.HasValue ? SetRow.Read(found.Value!) : null;
    }

    /// <summary>
    /// One page of sets holding files, newest first, optionally only those whose uuid, device or description contains
    /// <paramref name="search"/>. The continuation is the listing key of the last set returned.
    /// </summary>
    public async Task<(IReadOnlyList<RecordingSetSummary> Sets, string? Continuation)> ListAsync(
        int pageSize, string? continuation, string? search, CancellationToken cancellationToken)
    {
        var page = new List<(string Key, RecordingSetSummary Set)>(pageSize + 1);
        await foreach (var row in Table.QueryAsync<TableEntity>(SetRow.ListingAfter(continuation), maxPerPage: Math.Min(1000, pageSize + 1), cancellationToken: cancellationToken))
        {
            var set = SetRow.Read(row);
            if (string.IsNullOrWhiteSpace(search) || set.Matches(search.Trim()))
            {
                page.Add((row.RowKey, set));
                if (page.Count > pageSize)
                {
                    break;
                }
            }
        }

        var more = page.Count > pageSize;
        var sets = page.Take(pageSize).ToList();
        return ([.. sets.Select(s => s.Set)], more ? sets[^1].Key : null);
    }

    /// <summary>Every set holding files whose row meets <paramref name="condition"/> (a table filter), newest first.</summary>
    public async IAsyncEnumerable<RecordingSetSummary> ListWhereAsync(FormattableString condition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = $"{SetRow.ListingAfter(null)} and ({TableClient.CreateQueryFilter(condition)})";
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return SetRow.Read(row);
        }
    }
}
