#ifndef LIST_H
#define LIST_H
/* A circular doubly linked list, as Linux's list_head: a node is put in
 * the structure it links, an empty list or an unlinked node points at
 * itself. The lock that guards a list is its owner's to say. */
struct list {
	struct list *next, *prev;
};

static inline void list_init(struct list *l) { l->next = l->prev = l; }
static inline bool list_empty(const struct list *l) { return l->next == l; }

/* Links n before head: at the tail of the list head starts. */
static inline void list_add_tail(struct list *n, struct list *head)
{
	n->prev = head->prev;
	n->next = head;
	head->prev->next = n;
	head->prev = n;
}

/* Unlinks n and leaves it empty. */
static inline void list_del(struct list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	list_init(n);
}

#define list_entry(node, type, member) \
	((type *)((char *)(node) - __builtin_offsetof(type, member)))
#endif
