//! The Selling API through its trait methods: `ListOpportunities`.

mod common;

use std::collections::HashSet;

use common::*;
use partnercentral::selling::operations::*;
use partnercentral::selling::*;

#[tokio::test]
async fn listing_pages_through_every_opportunity_newest_first() {
    let emulator = emulator();
    let mut created = Vec::new();
    for n in 0..45 {
        created.push(
            create(
                &emulator,
                "AWS",
                &format!("t{n}"),
                &format!("Company {n:02}"),
                Stage::Prospect,
            )
            .await,
        );
    }
    // Default: 20 a page, LastModifiedDate descending, then id descending.
    let (ids, pages) = list_all(&emulator, list_request("AWS")).await;
    assert_eq!(pages, 3);
    let newest_first: Vec<String> = created.iter().rev().cloned().collect();
    assert_eq!(ids, newest_first);

    let (ids, pages) = list_all(&emulator, list_request("AWS").max_results(7)).await;
    assert_eq!((ids.len(), pages), (45, 7));
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 45);

    let (ids, pages) = list_all(&emulator, list_request("AWS").max_results(100)).await;
    assert_eq!((ids.len(), pages), (45, 1));

    // A change moves an opportunity to the front of the default order.
    associate(
        &emulator,
        &created[3],
        RelatedEntityType::AwsProducts,
        "AmazonRedshift",
    )
    .await
    .expect("associated");
    let (ids, _) = list_all(&emulator, list_request("AWS")).await;
    assert_eq!(ids[0], created[3]);
}

#[tokio::test]
async fn listing_follows_the_requested_sort() {
    let emulator = emulator();
    let mut created = Vec::new();
    for (n, name) in ["Charlie Co", "alpha Inc", "Bravo LLC"]
        .into_iter()
        .enumerate()
    {
        created.push(create(&emulator, "AWS", &format!("t{n}"), name, Stage::Prospect).await);
    }
    let sort = |by: OpportunitySortName, order: SortOrder| {
        OpportunitySort::builder()
            .sort_by(by)
            .sort_order(order)
            .build()
            .expect("both set")
    };
    let (ids, _) = list_all(
        &emulator,
        list_request("AWS")
            .sort(sort(OpportunitySortName::Identifier, SortOrder::Ascending))
            .max_results(1),
    )
    .await;
    assert_eq!(ids, created);
    let (ids, _) = list_all(
        &emulator,
        list_request("AWS")
            .sort(sort(
                OpportunitySortName::CustomerCompanyName,
                SortOrder::Ascending,
            ))
            .max_results(2),
    )
    .await;
    // Byte order of the names: uppercase before lowercase.
    assert_eq!(
        ids,
        vec![created[2].clone(), created[0].clone(), created[1].clone()]
    );
    let (ids, _) = list_all(
        &emulator,
        list_request("AWS").sort(sort(
            OpportunitySortName::CreatedDate,
            SortOrder::Descending,
        )),
    )
    .await;
    assert_eq!(ids, created.iter().rev().cloned().collect::<Vec<_>>());
}

#[tokio::test]
async fn listing_filters() {
    let emulator = emulator();
    let a = create(&emulator, "AWS", "a", "Example Corp", Stage::Prospect).await;
    let b = create(&emulator, "AWS", "b", "Example Corp", Stage::Qualified).await;
    let c = create(&emulator, "AWS", "c", "AnyCompany", Stage::Qualified).await;
    let sorted = |mut ids: Vec<String>| {
        ids.sort();
        ids
    };
    let listed = |request| async { sorted(list_all(&emulator, request).await.0) };

    assert_eq!(
        listed(list_request("AWS").identifier(vec![a.clone(), c.clone(), "O42".to_owned()])).await,
        vec![a.clone(), c.clone()]
    );
    assert_eq!(
        listed(list_request("AWS").life_cycle_stage(vec![Stage::Qualified])).await,
        vec![b.clone(), c.clone()]
    );
    assert_eq!(
        listed(list_request("AWS").life_cycle_stage(vec![Stage::Prospect, Stage::Qualified]))
            .await
            .len(),
        3
    );
    assert_eq!(
        listed(list_request("AWS").life_cycle_review_status(vec![ReviewStatus::PendingSubmission]))
            .await
            .len(),
        3
    );
    assert!(
        listed(list_request("AWS").life_cycle_review_status(vec![ReviewStatus::Approved]))
            .await
            .is_empty()
    );
    // The whole company name, ignoring case.
    assert_eq!(
        listed(list_request("AWS").customer_company_name(vec!["example corp".to_owned()])).await,
        vec![a.clone(), b.clone()]
    );
    assert!(
        listed(list_request("AWS").customer_company_name(vec!["Example".to_owned()]))
            .await
            .is_empty()
    );
    // Filters combine with AND; an empty list filters nothing out.
    let both = list_request("AWS")
        .customer_company_name(vec!["Example Corp".to_owned()])
        .life_cycle_stage(vec![Stage::Qualified]);
    assert_eq!(listed(both.identifier(vec![])).await, vec![b.clone()]);

    // Changing `c` makes it the only one modified at or after its new time (creations in
    // one millisecond share a time).
    associate(
        &emulator,
        &c,
        RelatedEntityType::AwsProducts,
        "AmazonRedshift",
    )
    .await
    .expect("associated");
    let got = get(&emulator, "AWS", &c).await.expect("found");
    let after = LastModifiedDate::builder()
        .after_last_modified_date(got.last_modified_date)
        .build();
    assert_eq!(
        listed(list_request("AWS").last_modified_date(after)).await,
        vec![c.clone()]
    );
    let before = CreatedDateFilter::builder()
        .before_created_date(got.created_date)
        .build();
    assert!(
        !listed(list_request("AWS").created_date(before))
            .await
            .contains(&c)
    );
    let close = TargetCloseDateFilter::builder()
        .after_target_close_date("2026-03-31")
        .before_target_close_date("2026-04-01")
        .build();
    assert_eq!(
        listed(list_request("AWS").target_close_date(close))
            .await
            .len(),
        3
    );
}

#[tokio::test]
async fn listing_refuses_bad_tokens_and_page_sizes() {
    let emulator = emulator();
    for n in 0..3 {
        create(
            &emulator,
            "AWS",
            &format!("t{n}"),
            "Example Corp",
            Stage::Prospect,
        )
        .await;
    }
    let selling = emulator.selling();
    let first = selling
        .call_list_opportunities(list_request("AWS").max_results(1).build().expect("set"))
        .await
        .expect("listed");
    let token = first.next_token.expect("more pages");

    for (request, field) in [
        (list_request("AWS").next_token("garbage"), "NextToken"),
        (
            list_request("AWS").next_token(format!("{token}00")),
            "NextToken",
        ),
        // A token is bound to the filters and sort it was issued for.
        (
            list_request("AWS")
                .next_token(token.clone())
                .life_cycle_stage(vec![Stage::Prospect]),
            "NextToken",
        ),
        (
            list_request("Sandbox").next_token(token.clone()),
            "NextToken",
        ),
        (list_request("AWS").max_results(0), "MaxResults"),
        (list_request("AWS").max_results(101), "MaxResults"),
    ] {
        let result = selling
            .call_list_opportunities(request.build().expect("set"))
            .await;
        let Err(ListOpportunitiesError::ValidationException(error)) = result else {
            panic!("{field}: {result:?}")
        };
        let fields: Vec<_> = error
            .error_list
            .unwrap_or_default()
            .into_iter()
            .filter_map(|e| e.field_name)
            .collect();
        assert_eq!(fields, vec![format!("/{field}")]);
    }
    // The same token with a different page size is fine.
    let second = selling
        .call_list_opportunities(
            list_request("AWS")
                .max_results(5)
                .next_token(token)
                .build()
                .expect("set"),
        )
        .await;
    assert_eq!(second.expect("listed").opportunity_summaries.len(), 2);
}

#[tokio::test]
async fn summaries_carry_the_summary_fields() {
    let emulator = emulator();
    let id = create(&emulator, "Sandbox", "t", "Example Corp", Stage::Qualified).await;
    let page = emulator
        .selling()
        .call_list_opportunities(list_request("Sandbox").build().expect("set"))
        .await
        .expect("listed");
    let [summary] = page.opportunity_summaries.as_slice() else {
        panic!("{page:?}")
    };
    assert_eq!(summary.catalog, "Sandbox");
    assert_eq!(summary.id.as_deref(), Some(id.as_str()));
    assert_eq!(
        summary.arn.as_deref(),
        Some(
            format!(
                "arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/opportunity/{id}"
            )
            .as_str()
        )
    );
    assert_eq!(
        summary.partner_opportunity_identifier.as_deref(),
        Some("crm-t")
    );
    let account = summary
        .customer
        .as_ref()
        .and_then(|c| c.account.as_ref())
        .expect("customer account");
    assert_eq!(account.company_name, "Example Corp");
    assert_eq!(
        account.address.as_ref().and_then(|a| a.city.as_deref()),
        Some("Seattle")
    );
    let life_cycle = summary.life_cycle.as_ref().expect("lifecycle");
    assert_eq!(
        (life_cycle.stage.clone(), life_cycle.review_status.clone()),
        (
            Some(Stage::Qualified),
            Some(ReviewStatus::PendingSubmission)
        )
    );
    assert!(page.next_token.is_none());
}
