using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>One context of a model run and the model of what it tracks.</summary>
internal sealed class CardSession : IDisposable
{
    private readonly AsyncServiceScope _scope;

    public CardSession(IServiceProvider provider)
    {
        _scope = provider.CreateAsyncScope();
        Db = _scope.ServiceProvider.GetRequiredService<CardDbContext>();
    }

    public CardDbContext Db { get; }

    public Dictionary<Guid, TrackedCard> Tracked { get; } = [];

    public List<Guid> Order { get; } = [];

    public TrackedCard? Pick(int row, bool includeAdded = true)
    {
        var candidates = Order.Where(id => includeAdded || !Tracked[id].Added).ToList();
        return candidates.Count == 0 ? null : Tracked[candidates[row % candidates.Count]];
    }

    public void Track(TrackedCard card)
    {
        Tracked[card.Entity.Id] = card;
        Order.Add(card.Entity.Id);
    }

    public void Forget(Guid id)
    {
        Tracked.Remove(id);
        Order.Remove(id);
    }

    public void Dispose() => _scope.Dispose();
}
